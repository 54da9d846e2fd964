// WebGPU group norm (see src/engine/kernels/norm.ts and group-layout.ts). Dispatches: forward
// 1 (one workgroup per sample and group), backward 2 or 3 (dx per group, then the per-channel
// dgamma / dbeta column sums shared with batch and layer norm).
import type { NormForward, NormGrads } from '../kernels/norm';
import { groupLayout } from '../group-layout';
import type { Tensor } from '../tensor';
import type { GpuCore } from './core';
import { columnGradSums, grid } from './batchnorm';
import { rowWorkgroup } from './reduce';
import workgroupReduceWgsl from '../../../shaders/workgroup-reduce.wgsl?raw';
import groupNormWgsl from '../../../shaders/groupnorm.wgsl?raw';
import groupNormDxWgsl from '../../../shaders/groupnorm-dx.wgsl?raw';

const FAMILY = 'norm';

export function gpuGroupNorm(core: GpuCore, x: Tensor, gamma: Tensor, beta: Tensor, groups: number, eps: number): NormForward {
  const rt = core.rt;
  const s = (t: Tensor) => core.storageOf(t);
  const l = groupLayout(x.shape, groups);
  const rows = l.samples * groups;
  const y = core.empty(x.shape);
  const mean = core.empty([l.samples, groups]);
  const invStd = core.empty([l.samples, groups]);
  const pipe = rt.pipeline({ code: workgroupReduceWgsl + groupNormWgsl, constants: { WG: rowWorkgroup(l.groupSize) }, label: 'groupnorm' });
  const params = rt.params(pipe, { rows, spatial: l.spatial, channels: l.channels, perGroup: l.perGroup, groups, eps });
  rt.dispatch(pipe, [s(x), s(gamma), s(beta), s(y), s(mean), s(invStd), params], grid(core, rows, 1), FAMILY);
  return { y, mean, invStd };
}

export function gpuGroupNormGrad(
  core: GpuCore,
  x: Tensor,
  dy: Tensor,
  gamma: Tensor,
  groups: number,
  saved: { mean: Tensor; invStd: Tensor },
): NormGrads {
  const rt = core.rt;
  const s = (t: Tensor) => core.storageOf(t);
  const l = groupLayout(x.shape, groups);
  const rows = l.samples * groups;
  const dx = core.empty(x.shape);
  const pipe = rt.pipeline({ code: workgroupReduceWgsl + groupNormDxWgsl, constants: { WG: rowWorkgroup(l.groupSize) }, label: 'groupnorm-dx' });
  const params = rt.params(pipe, { rows, spatial: l.spatial, channels: l.channels, perGroup: l.perGroup, groups });
  rt.dispatch(pipe, [s(x), s(dy), s(gamma), s(saved.mean), s(saved.invStd), s(dx), params], grid(core, rows, 1), FAMILY);
  // Viewed as [samples · spatial, C] rows: one sample is `spatial` consecutive rows.
  return { dx, ...columnGradSums(core, x, dy, saved, { groups, rowsPerSample: l.spatial }) };
}
