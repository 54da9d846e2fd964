// WebGPU kernels: conv family. (Stub: to be implemented.)
import type { ConvKernels } from '../kernels/conv';
import type { GpuCore } from './core';

export function gpuConv(core: GpuCore): ConvKernels {
  void core;
  return new Proxy({} as ConvKernels, {
    get: (_t, name) => () => {
      throw new Error(`WebGPU kernel ${String(name)} is not implemented yet.`);
    },
  });
}
