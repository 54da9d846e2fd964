// CPU reference kernels: optim family. (Stub: to be implemented.)
import type { OptimKernels } from '../kernels/optim';
import type { CpuCore } from './core';

export function cpuOptim(core: CpuCore): OptimKernels {
  void core;
  return new Proxy({} as OptimKernels, {
    get: (_t, name) => () => {
      throw new Error(`CPU kernel ${String(name)} is not implemented yet.`);
    },
  });
}
