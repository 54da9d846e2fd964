// Wall-clock milliseconds per kernel of a CPU backend (which has no GPU timestamps): every
// kernel method of the backend object is wrapped with a timer. For `bench:wasm --profile`.
import type { Backend } from '../../src/engine/backend';

/** Methods that are memory bookkeeping, not kernels. */
const NOT_KERNELS = new Set(['f', 'u', 'data', 'empty', 'wrap', 'newFloatArray', 'release', 'compile', 'profile', 'readLater', 'read', 'readSync', 'view', 'upload', 'write', 'zeros', 'fill', 'createUniforms', 'allocFlat', 'memory', 'counters', 'gpuFault', 'flush', 'sync', 'dispose']);

/** Wraps `backend`'s kernels in place; the returned map accumulates ms by kernel name until reset. */
export function clockKernels(backend: Backend): Map<string, number> {
  const totals = new Map<string, number>();
  const b = backend as unknown as Record<string, unknown>;
  for (const name of Object.keys(b)) {
    const f = b[name];
    if (typeof f !== 'function' || NOT_KERNELS.has(name)) continue;
    b[name] = (...args: unknown[]) => {
      const t0 = performance.now();
      try {
        return (f as (...a: unknown[]) => unknown).apply(backend, args);
      } finally {
        totals.set(name, (totals.get(name) ?? 0) + performance.now() - t0);
      }
    };
  }
  return totals;
}
