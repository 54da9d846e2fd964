// Direct (non-GEMM) conv2d kernels for narrow layers: few output channels (≤ 16) and a
// small filter, e.g. the first convolution of an image model (Cin = 1..3). The implicit
// GEMM's tiles (conv-gemm.wgsl) leave most threads idle there: N = Cout is narrower than
// a tile, K = kh·kw·Cin is shorter than a few BK steps, and the filter gradient has only
// kh·kw·Cin rows. See docs/performance.md, "Convolution".
//   forward:         shaders/conv2d-direct.wgsl, one thread per output pixel, all channels.
//   filter gradient: shaders/conv2d-grad-filter-direct.wgsl, one thread per filter row,
//                    the pixel reduction split across workgroups (partials + fixed-order sum).
import type { WindowGeometry } from '../conv-geometry';
import type { Shape } from '../shape';
import type { Tensor } from '../tensor';
import type { GpuCore } from './core';
import { grid1d } from './grid';
import { sumRows } from './conv-sum';
import { convParams } from './conv-params';
import { withPointwise } from './pointwise.gen';
import type { Activation } from '../kernels/pointwise';
import convParamsWgsl from '../../../shaders/conv-params.wgsl?raw';
import directWgsl from '../../../shaders/conv2d-direct.wgsl?raw';
import gradInputDirectWgsl from '../../../shaders/conv2d-grad-input-direct.wgsl?raw';
import gradFilterDirectWgsl from '../../../shaders/conv2d-grad-filter-direct.wgsl?raw';

/** Which conv2d kernels to use: 'auto' picks per shape; the others force one (tests, benchmarks). */
export const convPaths = {
  forward: 'auto' as 'auto' | 'gemm' | 'direct',
  gradInput: 'auto' as 'auto' | 'gemm' | 'direct',
  gradFilter: 'auto' as 'auto' | 'gemm' | 'direct',
};

const MAX_COUT = 16; // four vec4 accumulators per thread
const FORWARD_WG = 64;

/** The direct forward fits: ≤ 16 output channels, the vec4-padded filter within workgroup memory. */
export function directForwardFits(K: number, cout: number, maxShared: number): boolean {
  return cout <= MAX_COUT && K * Math.ceil(cout / 4) * 16 <= maxShared;
}

/**
 * Auto choice for the forward: direct for narrow outputs with a short reduction (K ≤ 64,
 * e.g. 5x5 on 1 channel), where the GEMM's BK steps and 64-wide tiles are mostly padding.
 * At K = 200 (5x5x8 → 16) the two measured the same, and the GEMM stays.
 */
export function useDirectForward(K: number, cout: number, maxShared: number): boolean {
  if (convPaths.forward !== 'auto') return convPaths.forward === 'direct' && directForwardFits(K, cout, maxShared);
  return K <= 64 && directForwardFits(K, cout, maxShared);
}

/** Auto choice for the input gradient: direct for ≤ 16 input channels (the filter, vec4-padded over ci, in workgroup memory). */
export function useDirectGradInput(K: number, cin: number, maxShared: number): boolean {
  if (convPaths.gradInput === 'gemm') return false;
  return directForwardFits(K, cin, maxShared);
}

/** Auto choice for the filter gradient: direct for ≤ 16 output channels. */
export function useDirectGradFilter(cout: number): boolean {
  if (convPaths.gradFilter !== 'auto') return convPaths.gradFilter === 'direct' && cout <= MAX_COUT;
  return cout <= MAX_COUT;
}

/**
 * Workgroup size and split of the filter gradient's pixel reduction: rows (kh·kw·Cin) go
 * across a workgroup, and pixel slices across workgroups until rowTiles × splits reaches
 * the adapter's target (a few dozen on a software adapter's CPU cores, hundreds on a GPU),
 * each slice at least 4 staging batches long, at most 1024 slices.
 */
export function gradFilterSplits(rows: number, pixels: number, isSoftware: boolean): { wg: number; splits: number; chunk: number } {
  const wg = rows <= 32 ? 32 : 64;
  const rowTiles = Math.ceil(rows / wg);
  const target = isSoftware ? 32 : 512;
  const wanted = Math.max(1, Math.min(Math.ceil(target / rowTiles), Math.floor(pixels / (4 * wg)), 1024));
  const chunk = Math.ceil(pixels / wanted / wg) * wg;
  return { wg, splits: Math.ceil(pixels / chunk), chunk };
}

export function directConv2d(core: GpuCore, x: Tensor, filter: Tensor, bias: Tensor | undefined, act: Activation, alpha: number, g: WindowGeometry): Tensor {
  const cout = filter.shape[3];
  const M = g.batch * g.h.out * g.w.out;
  const K = g.h.kernel * g.w.kernel * g.channels;
  const y = core.empty([g.batch, g.h.out, g.w.out, cout]);
  const pipeline = core.rt.pipeline({
    code: convParamsWgsl + withPointwise(directWgsl, act),
    constants: { HAS_BIAS: bias ? 1 : 0, WG: FORWARD_WG, KH: g.h.kernel, KW: g.w.kernel, CIN: g.channels, COUT: cout },
    label: `conv2d direct ${act}`,
  });
  const p = convParams(core.rt, pipeline, g, cout, { M, N: cout, K, kChunk: K }, alpha);
  // NOTE: without a bias the filter fills the (unread) bias binding; see conv.ts.
  const bindings = [x, filter, bias ?? filter, y].map((t) => core.storageOf(t));
  core.rt.dispatch(pipeline, [...bindings, p], grid1d(M, FORWARD_WG), 'conv2d');
  return y;
}

export function directConv2dGradInput(core: GpuCore, dy: Tensor, filter: Tensor, xShape: Shape, g: WindowGeometry): Tensor {
  const cout = filter.shape[3];
  const M = g.batch * g.h.in * g.w.in;
  const dx = core.empty(xShape);
  const pipeline = core.rt.pipeline({
    code: convParamsWgsl + gradInputDirectWgsl,
    constants: { WG: FORWARD_WG, KH: g.h.kernel, KW: g.w.kernel, CIN: g.channels, COUT: cout },
    label: 'conv2d grad input direct',
  });
  const p = convParams(core.rt, pipeline, g, cout, { M, N: g.channels, K: g.h.kernel * g.w.kernel * cout, kChunk: 0 });
  core.rt.dispatch(pipeline, [core.storageOf(dy), core.storageOf(filter), core.storageOf(dx), p], grid1d(M, FORWARD_WG), 'conv2d-grad-input');
  return dx;
}

export function directConv2dGradFilter(core: GpuCore, x: Tensor, dy: Tensor, filterShape: Shape, g: WindowGeometry): Tensor {
  const cout = filterShape[3];
  const rows = g.h.kernel * g.w.kernel * g.channels;
  const pixels = g.batch * g.h.out * g.w.out;
  const { wg, splits, chunk } = gradFilterSplits(rows, pixels, core.ctx.info.isSoftware);
  const partial = core.empty(splits > 1 ? [splits, rows * cout] : filterShape);
  const pipeline = core.rt.pipeline({
    code: convParamsWgsl + gradFilterDirectWgsl,
    constants: { WG: wg, KW: g.w.kernel, CIN: g.channels, COUT: cout },
    label: 'conv2d grad filter direct',
  });
  const p = convParams(core.rt, pipeline, g, cout, { M: rows, N: cout, K: pixels, kChunk: chunk });
  core.rt.dispatch(pipeline, [core.storageOf(x), core.storageOf(dy), core.storageOf(partial), p], [Math.ceil(rows / wg), splits, 1], 'conv2d-grad-filter');
  if (splits === 1) return partial;
  const dw = sumRows(core, partial, splits, rows * cout, filterShape);
  partial.dispose();
  return dw;
}
