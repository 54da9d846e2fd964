// The wasm backend: the CPU backend (its core, its typed-array tensors and every reference
// kernel family) with the hot paths replaced by WebAssembly SIMD kernels: the GEMM of every
// matmul layout, conv2d with both gradients through im2col, max and average pooling with
// their gradients, relu and leakyRelu with their gradients, and the fused optimizer update
// of every rule (src/engine/wasm/*.ts, assembly/). Other elementwise ops and activations,
// reductions, norms and losses run the reference's TypeScript. f32 only (the 'f64' oracle
// stays the reference's), one thread.
import { createCpuBackend, type CpuBackend } from '../cpu/backend';
import { WasmArena } from './module';
import { wasmMatmul } from './matmul';
import { wasmConv } from './conv';
import { wasmOptim } from './optim';
import { wasmPool } from './pool';
import { wasmActivation } from './activation';

export function createWasmBackend(): CpuBackend {
  const arena = new WasmArena();
  return createCpuBackend('f32', (core) => ({ ...wasmMatmul(core, arena), ...wasmConv(core, arena), ...wasmPool(core, arena), ...wasmActivation(core, arena), ...wasmOptim(core, arena) }));
}
