// CPU reference kernels: matmul family. (Stub: to be implemented.)
import type { MatmulKernels } from '../kernels/matmul';
import type { CpuCore } from './core';

export function cpuMatmul(core: CpuCore): MatmulKernels {
  void core;
  return new Proxy({} as MatmulKernels, {
    get: (_t, name) => () => {
      throw new Error(`CPU kernel ${String(name)} is not implemented yet.`);
    },
  });
}
