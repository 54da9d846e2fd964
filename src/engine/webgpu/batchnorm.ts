// WebGPU batch norm and layer norm: deterministic two-level column reductions (no atomics)
// and elementwise normalize / input-gradient kernels. Dispatches: batch norm forward 3
// (stats, finalize, apply), backward 2 or 3; layer norm forward 1, backward 2 or 3.
import type { NormForward, NormGrads } from '../kernels/norm';
import type { Tensor } from '../tensor';
import type { GpuCore } from './core';
import { grid1d } from './grid';
import statsWgsl from '../../../shaders/batchnorm-stats.wgsl?raw';
import finalizeWgsl from '../../../shaders/batchnorm-finalize.wgsl?raw';
import applyWgsl from '../../../shaders/batchnorm-apply.wgsl?raw';
import gradReduceWgsl from '../../../shaders/batchnorm-grad-reduce.wgsl?raw';
import gradFinalizeWgsl from '../../../shaders/batchnorm-grad-finalize.wgsl?raw';
import dxWgsl from '../../../shaders/batchnorm-dx.wgsl?raw';
import layerNormWgsl from '../../../shaders/layernorm.wgsl?raw';
import layerNormDxWgsl from '../../../shaders/layernorm-dx.wgsl?raw';

const WG = 256;
const FAMILY = 'norm';

/**
 * grid1d under the device's per-dimension limit. NOTE: read at each call (not cached), so a
 * test can lower the limit to exercise the folded (y > 1) grids at small sizes.
 */
export function grid(core: GpuCore, count: number, workgroupSize: number): [number, number] {
  return grid1d(count, workgroupSize, maxGroups(core));
}

export function maxGroups(core: GpuCore): number {
  return core.rt.limits.maxComputeWorkgroupsPerDimension ?? 65535;
}

/** Last-axis width and the number of rows above it. */
function split(x: Tensor): { rows: number; width: number } {
  const width = x.rank === 0 ? 1 : x.shape[x.rank - 1];
  return { rows: width === 0 ? 0 : x.size / width, width };
}

/**
 * How a column reduction over [rows, cols] is cut: CT columns per workgroup (a power of two,
 * so adjacent threads read adjacent columns), WG/CT row lanes, each lane summing about 16
 * rows of a chunk. Chunks are reduced again in order by a level-2 kernel.
 */
export function columnPlan(rows: number, cols: number, maxChunks = 65535): { ct: number; rowsPerChunk: number; chunks: number } {
  const ct = Math.min(32, 2 ** Math.ceil(Math.log2(Math.max(cols, 1))));
  const lanes = WG / ct;
  const rowsPerChunk = Math.max(lanes * 16, Math.ceil(rows / maxChunks));
  return { ct, rowsPerChunk, chunks: Math.max(1, Math.ceil(rows / rowsPerChunk)) };
}

/** Row-per-workgroup kernels: a workgroup width that fits short rows. */
function rowWorkgroup(width: number): number {
  return width <= 32 ? 32 : width <= 64 ? 64 : width <= 128 ? 128 : 256;
}

export function gpuBatchNorm(
  core: GpuCore,
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  running: { mean: Tensor; variance: Tensor },
  options: { training: boolean; momentum: number; eps: number },
): NormForward {
  const rt = core.rt;
  const s = (t: Tensor) => core.storageOf(t);
  const { rows, width: C } = split(x);
  const mean = core.empty([C]);
  const invStd = core.empty([C]);
  const plan = columnPlan(rows, C, maxGroups(core));
  // Level 2 also handles inference (TRAINING false): it copies the running statistics and
  // reads no partial sums; a 1-element scratch stands in for them.
  // NOTE: not beta or another caller's tensor: a buffer bound read-only and read-write in one
  // dispatch (beta and the running stats may share a flat buffer) fails validation.
  const partial = core.empty([options.training ? plan.chunks * C * 2 : 1]);
  if (options.training) {
    const stats = rt.pipeline({ code: statsWgsl, constants: { WG, CT: plan.ct }, label: 'batchnorm-stats' });
    rt.dispatch(stats, [s(x), s(partial), rt.params(stats, { rows, channels: C, rowsPerChunk: plan.rowsPerChunk })], [Math.ceil(C / plan.ct), plan.chunks], FAMILY);
  }
  const finalize = rt.pipeline({ code: finalizeWgsl, constants: { TRAINING: options.training ? 1 : 0 }, label: 'batchnorm-finalize' });
  const finalizeParams = rt.params(finalize, {
    rows,
    channels: C,
    rowsPerChunk: plan.rowsPerChunk,
    chunks: plan.chunks,
    momentum: options.momentum,
    eps: options.eps,
  });
  rt.dispatch(finalize, [s(partial), s(running.mean), s(running.variance), s(mean), s(invStd), finalizeParams], [Math.ceil(C / 64)], FAMILY);
  partial.dispose();
  const y = core.empty(x.shape);
  const apply = rt.pipeline({ code: applyWgsl, constants: { WG }, label: 'batchnorm-apply' });
  rt.dispatch(apply, [s(x), s(mean), s(invStd), s(gamma), s(beta), s(y), rt.params(apply, { count: x.size, channels: C })], grid(core, x.size, WG), FAMILY);
  return { y, mean, invStd };
}

/**
 * Which statistic an element's x̂ uses: its column (batch norm), its row (layer norm), or
 * its sample and channel group (group norm; `rowsPerSample` rows make one sample).
 */
export type StatsIndex = 'column' | 'row' | { groups: number; rowsPerSample: number };

/** dgamma = Σ dy·x̂ and dbeta = Σ dy over the rows of [rows, cols]. */
export function columnGradSums(
  core: GpuCore,
  x: Tensor,
  dy: Tensor,
  saved: { mean: Tensor; invStd: Tensor },
  stats: StatsIndex,
): { dgamma: Tensor; dbeta: Tensor } {
  const rt = core.rt;
  const s = (t: Tensor) => core.storageOf(t);
  const { rows, width: C } = split(x);
  const plan = columnPlan(rows, C, maxGroups(core));
  const dgamma = core.empty([C]);
  const dbeta = core.empty([C]);
  // One chunk: level 1 writes the results directly (one dispatch fewer).
  const direct = plan.chunks === 1;
  const sumA = direct ? dgamma : core.empty([plan.chunks * C]);
  const sumB = direct ? dbeta : core.empty([plan.chunks * C]);
  const reduce = rt.pipeline({
    code: gradReduceWgsl,
    constants: { WG, CT: plan.ct, PER_ROW: stats === 'row' ? 1 : 0, ...(typeof stats === 'object' ? { GROUPS: stats.groups } : {}) },
    label: 'batchnorm-grad-reduce',
  });
  // rowsPerSample matters to group norm only (GROUPS); the others ignore it.
  const rowsPerSample = typeof stats === 'object' ? stats.rowsPerSample : 0;
  const params = rt.params(reduce, { rows, channels: C, rowsPerChunk: plan.rowsPerChunk, rowsPerSample });
  rt.dispatch(reduce, [s(x), s(dy), s(saved.mean), s(saved.invStd), s(sumA), s(sumB), params], [Math.ceil(C / plan.ct), plan.chunks], FAMILY);
  if (!direct) {
    const fin = rt.pipeline({ code: gradFinalizeWgsl, label: 'batchnorm-grad-finalize' });
    rt.dispatch(fin, [s(sumA), s(sumB), s(dgamma), s(dbeta), rt.params(fin, { channels: C, chunks: plan.chunks })], [Math.ceil(C / 64)], FAMILY);
    sumA.dispose();
    sumB.dispose();
  }
  return { dgamma, dbeta };
}

export function gpuBatchNormGrad(
  core: GpuCore,
  x: Tensor,
  dy: Tensor,
  gamma: Tensor,
  saved: { mean: Tensor; invStd: Tensor },
  training = true,
): NormGrads {
  const rt = core.rt;
  const s = (t: Tensor) => core.storageOf(t);
  const { rows, width: C } = split(x);
  const { dgamma, dbeta } = columnGradSums(core, x, dy, saved, 'column');
  const dx = core.empty(x.shape);
  const pipe = rt.pipeline({ code: dxWgsl, constants: { WG, TRAINING: training ? 1 : 0 }, label: 'batchnorm-dx' });
  rt.dispatch(
    pipe,
    [s(x), s(dy), s(saved.mean), s(saved.invStd), s(gamma), s(dgamma), s(dbeta), s(dx), rt.params(pipe, { count: x.size, channels: C, rows })],
    grid(core, x.size, WG),
    FAMILY,
  );
  return { dx, dgamma, dbeta };
}

export function gpuLayerNorm(core: GpuCore, x: Tensor, gamma: Tensor, beta: Tensor, eps: number): NormForward {
  const rt = core.rt;
  const s = (t: Tensor) => core.storageOf(t);
  const { rows, width } = split(x);
  const y = core.empty(x.shape);
  const mean = core.empty([rows]);
  const invStd = core.empty([rows]);
  const pipe = rt.pipeline({ code: layerNormWgsl, constants: { WG: rowWorkgroup(width) }, label: 'layernorm' });
  rt.dispatch(pipe, [s(x), s(gamma), s(beta), s(y), s(mean), s(invStd), rt.params(pipe, { rows, width, eps })], grid(core, rows, 1), FAMILY);
  return { y, mean, invStd };
}

export function gpuLayerNormGrad(
  core: GpuCore,
  x: Tensor,
  dy: Tensor,
  gamma: Tensor,
  saved: { mean: Tensor; invStd: Tensor },
): NormGrads {
  const rt = core.rt;
  const s = (t: Tensor) => core.storageOf(t);
  const { rows, width } = split(x);
  const dx = core.empty(x.shape);
  const pipe = rt.pipeline({ code: layerNormDxWgsl, constants: { WG: rowWorkgroup(width) }, label: 'layernorm-dx' });
  rt.dispatch(pipe, [s(x), s(dy), s(gamma), s(saved.mean), s(saved.invStd), s(dx), rt.params(pipe, { rows, width })], grid(core, rows, 1), FAMILY);
  return { dx, ...columnGradSums(core, x, dy, saved, 'row') };
}
