// CPU reference kernels: pointwise family. (Stub: to be implemented.)
import type { PointwiseKernels } from '../kernels/pointwise';
import type { CpuCore } from './core';

export function cpuPointwise(core: CpuCore): PointwiseKernels {
  void core;
  return new Proxy({} as PointwiseKernels, {
    get: (_t, name) => () => {
      throw new Error(`CPU kernel ${String(name)} is not implemented yet.`);
    },
  });
}
