// The wasm backend: the CPU backend (its core, its typed-array tensors and every reference
// kernel family) with the hot paths replaced by WebAssembly SIMD kernels: the GEMM of every
// matmul layout, conv2d with both gradients through im2col, max and average pooling with
// their gradients, relu and leakyRelu with their gradients, and the fused optimizer update
// of every rule (src/engine/wasm/*.ts, assembly/). Other elementwise ops and activations,
// reductions, norms and losses run the reference's TypeScript. f32 only (the 'f64' oracle
// stays the reference's). One thread, or (openWasmBackend where the context is cross-origin
// isolated, and in Node) the GEMM split across a pool of workers over shared memory
// (threads.ts): the same bits either way.
import { createCpuBackend, type CpuBackend } from '../cpu/backend';
import { WasmArena } from './module';
import { wasmMatmul } from './matmul';
import { wasmConv } from './conv';
import { wasmOptim } from './optim';
import { wasmPool } from './pool';
import { wasmActivation } from './activation';
import { defaultThreads, GemmPool } from './threads';

function overArena(arena: WasmArena): CpuBackend {
  return createCpuBackend('f32', (core) => ({ ...wasmMatmul(core, arena), ...wasmConv(core, arena), ...wasmPool(core, arena), ...wasmActivation(core, arena), ...wasmOptim(core, arena) }));
}

/** The wasm backend on the calling thread only. */
export function createWasmBackend(): CpuBackend {
  return overArena(new WasmArena());
}

/** The wasm backend and the threads its large GEMMs use (1: no pool). */
export interface WasmBackend {
  backend: CpuBackend;
  threads: number;
  /** The workers (threads > 1). */
  pool?: GemmPool;
}

/**
 * The wasm backend with `threads` threads (default: min(cores, 4) where threads are
 * available, else 1). Disposing the backend stops its workers. When the workers do not
 * start, it runs on one thread and says so.
 */
export async function openWasmBackend(threads?: number): Promise<WasmBackend> {
  const n = threads ?? (await defaultThreads());
  if (n <= 1) return { backend: createWasmBackend(), threads: 1 };
  let pool: GemmPool;
  try {
    pool = await GemmPool.create(n);
  } catch (e) {
    // No shared memory of that size, or no workers here: the same results on one thread.
    console.warn(`wasm backend: one thread (${(e as Error).message})`);
    return { backend: createWasmBackend(), threads: 1 };
  }
  if (!pool.ready()) {
    pool.dispose();
    return { backend: createWasmBackend(), threads: 1 };
  }
  const backend = overArena(pool.kernels().arena);
  const dispose = backend.dispose.bind(backend);
  backend.dispose = () => {
    dispose();
    pool.dispose();
  };
  return { backend, threads: pool.threads, pool };
}
