// WebGPU kernels: optim family. (Stub: to be implemented.)
import type { OptimKernels } from '../kernels/optim';
import type { GpuCore } from './core';

export function gpuOptim(core: GpuCore): OptimKernels {
  void core;
  return new Proxy({} as OptimKernels, {
    get: (_t, name) => () => {
      throw new Error(`WebGPU kernel ${String(name)} is not implemented yet.`);
    },
  });
}
