// WebGPU kernels: matmul family. (Stub: to be implemented.)
import type { MatmulKernels } from '../kernels/matmul';
import type { GpuCore } from './core';

export function gpuMatmul(core: GpuCore): MatmulKernels {
  void core;
  return new Proxy({} as MatmulKernels, {
    get: (_t, name) => () => {
      throw new Error(`WebGPU kernel ${String(name)} is not implemented yet.`);
    },
  });
}
