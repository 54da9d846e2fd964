// The wasm backend: the CPU backend (its core, its typed-array tensors and every reference
// kernel family) with the hot paths replaced by WebAssembly SIMD kernels: the GEMM of every
// matmul layout and conv2d with both gradients through im2col (src/engine/wasm/*.ts,
// assembly/). Elementwise ops, reductions, norms, losses and the optimizer run the
// reference's TypeScript. f32 only (the 'f64' oracle stays the reference's), one thread.
import { createCpuBackend, type CpuBackend } from '../cpu/backend';
import { WasmArena } from './module';
import { wasmMatmul } from './matmul';
import { wasmConv } from './conv';

export function createWasmBackend(): CpuBackend {
  const arena = new WasmArena();
  return createCpuBackend('f32', (core) => ({ ...wasmMatmul(core, arena), ...wasmConv(core, arena) }));
}
