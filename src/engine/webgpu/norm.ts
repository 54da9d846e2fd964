// WebGPU kernels: norm family. (Stub: to be implemented.)
import type { NormKernels } from '../kernels/norm';
import type { GpuCore } from './core';

export function gpuNorm(core: GpuCore): NormKernels {
  void core;
  return new Proxy({} as NormKernels, {
    get: (_t, name) => () => {
      throw new Error(`WebGPU kernel ${String(name)} is not implemented yet.`);
    },
  });
}
