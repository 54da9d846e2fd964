// WebGPU kernels: pointwise family, assembled from elementwise ops (elementwise.ts),
// reductions (reduce.ts), and softmax plus the fused losses (loss.ts).
import type { PointwiseKernels } from '../kernels/pointwise';
import type { GpuCore } from './core';
import { gpuElementwise } from './elementwise';
import { gpuLoss } from './loss';
import { gpuReduce } from './reduce';

export function gpuPointwise(core: GpuCore): PointwiseKernels {
  const reduce = gpuReduce(core);
  return { ...gpuElementwise(core), ...reduce.kernels, ...gpuLoss(core, reduce.reduceRows) };
}
