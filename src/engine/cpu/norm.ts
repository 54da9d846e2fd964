// CPU reference kernels: norm family. (Stub: to be implemented.)
import type { NormKernels } from '../kernels/norm';
import type { CpuCore } from './core';

export function cpuNorm(core: CpuCore): NormKernels {
  void core;
  return new Proxy({} as NormKernels, {
    get: (_t, name) => () => {
      throw new Error(`CPU kernel ${String(name)} is not implemented yet.`);
    },
  });
}
