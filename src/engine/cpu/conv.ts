// CPU reference kernels: conv family. (Stub: to be implemented.)
import type { ConvKernels } from '../kernels/conv';
import type { CpuCore } from './core';

export function cpuConv(core: CpuCore): ConvKernels {
  void core;
  return new Proxy({} as ConvKernels, {
    get: (_t, name) => () => {
      throw new Error(`CPU kernel ${String(name)} is not implemented yet.`);
    },
  });
}
