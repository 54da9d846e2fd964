// WebGPU kernels: pointwise family. (Stub: to be implemented.)
import type { PointwiseKernels } from '../kernels/pointwise';
import type { GpuCore } from './core';

export function gpuPointwise(core: GpuCore): PointwiseKernels {
  void core;
  return new Proxy({} as PointwiseKernels, {
    get: (_t, name) => () => {
      throw new Error(`WebGPU kernel ${String(name)} is not implemented yet.`);
    },
  });
}
