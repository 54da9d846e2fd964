// WebGPU kernels: conv2d (forward, input gradient, filter gradient) as implicit GEMMs over
// NHWC tensors, sharing one register-tiled core (shaders/conv-gemm.wgsl) with per-kernel
// loaders; depthwise conv and pooling come from their own files.
import type { Conv2dOptions, ConvKernels } from '../kernels/conv';
import { windowGeometry, type WindowGeometry } from '../conv-geometry';
import { defaultAlpha } from '../kernels/pointwise';
import type { Shape } from '../shape';
import type { Tensor } from '../tensor';
import type { GpuCore } from './core';
import { grid1d } from './grid';
import { withPointwise } from './pointwise.gen';
import { sumRows } from './conv-sum';
import { convParams } from './conv-params';
import { gpuDepthwise } from './conv-depthwise';
import { gpuPool } from './pool';
import { directConv2d, directConv2dGradFilter, directConv2dGradInput, useDirectForward, useDirectGradFilter, useDirectGradInput } from './conv-direct';
import convParamsWgsl from '../../../shaders/conv-params.wgsl?raw';
import gemmCoreWgsl from '../../../shaders/conv-gemm.wgsl?raw';

// Each conv kernel file is appended to the shared uniform layout and GEMM core.
const gemmCore = convParamsWgsl + gemmCoreWgsl;
import conv2dWgsl from '../../../shaders/conv2d.wgsl?raw';
import gradInputWgsl from '../../../shaders/conv2d-grad-input.wgsl?raw';
import gradFilterWgsl from '../../../shaders/conv2d-grad-filter.wgsl?raw';

const TILE = 4; // TM = TN in conv-gemm.wgsl
const BK = 16;

/** Workgroup shape for a GEMM with N columns: narrow tiles for few output channels. */
function tileShape(N: number): { WG_M: number; WG_N: number } {
  const WG_N = N <= 8 ? 2 : N <= 16 ? 4 : N <= 32 ? 8 : 16;
  return { WG_N, WG_M: WG_N <= 2 ? 32 : 16 };
}

export function convGeometry(xShape: Shape, filterShape: Shape, o: Conv2dOptions): WindowGeometry {
  return windowGeometry(xShape, [filterShape[0], filterShape[1]], o.strides, o.dilation, o.padding);
}

/** Workgroup grid for M x N outputs; `z` = split-K slices, or the spill of M tiles past 65535. */
function gemmGroups(M: number, N: number, WG_M: number, WG_N: number, splits = 1): [number, number, number] {
  const nTiles = Math.ceil(N / (WG_N * TILE));
  if (splits > 1) return [Math.ceil(M / (WG_M * TILE)), nTiles, splits];
  const [x, z] = grid1d(Math.ceil(M / (WG_M * TILE)), 1);
  return [x, nTiles, z];
}

export function gpuConv(core: GpuCore): ConvKernels {
  const rt = core.rt;

  const conv2d = (x: Tensor, filter: Tensor, o: Conv2dOptions): Tensor => {
    const g = convGeometry(x.shape, filter.shape, o);
    const cout = filter.shape[3];
    if (filter.shape[2] !== g.channels) throw new Error(`conv2d: filter [${filter.shape}] expects ${filter.shape[2]} input channels; x has ${g.channels}.`);
    const M = g.batch * g.h.out * g.w.out;
    const K = g.h.kernel * g.w.kernel * g.channels;
    const act = o.activation ?? 'linear';
    if (useDirectForward(K, cout, rt.limits.maxComputeWorkgroupStorageSize ?? 16384)) {
      return directConv2d(core, x, filter, o.bias, act, o.alpha ?? defaultAlpha(act), g);
    }
    const t = tileShape(cout);
    const y = core.empty([g.batch, g.h.out, g.w.out, cout]);
    const pipeline = rt.pipeline({
      code: withPointwise(conv2dWgsl, act) + gemmCore,
      constants: { ...t, HAS_BIAS: o.bias ? 1 : 0 },
      label: `conv2d ${act}`,
    });
    const params = convParams(rt, pipeline, g, cout, { M, N: cout, K, kChunk: K }, o.alpha ?? defaultAlpha(act));
    // NOTE: 'auto' layouts keep every statically used binding, so a bias-less conv binds the
    // filter in the bias slot (never read: HAS_BIAS is false).
    const bias = core.storageOf(o.bias ?? filter);
    rt.dispatch(pipeline, [core.storageOf(x), core.storageOf(filter), bias, core.storageOf(y), params], gemmGroups(M, cout, t.WG_M, t.WG_N), 'conv2d');
    return y;
  };

  const conv2dGradInput = (dy: Tensor, filter: Tensor, xShape: Shape, o: Conv2dOptions): Tensor => {
    const g = convGeometry(xShape, filter.shape, o);
    const cout = filter.shape[3];
    const M = g.batch * g.h.in * g.w.in;
    const K = g.h.kernel * g.w.kernel * cout;
    if (useDirectGradInput(K, g.channels, rt.limits.maxComputeWorkgroupStorageSize ?? 16384)) {
      return directConv2dGradInput(core, dy, filter, xShape, g);
    }
    const dx = core.empty(xShape);
    const t = tileShape(g.channels);
    const pipeline = rt.pipeline({ code: gradInputWgsl + gemmCore, constants: t, label: 'conv2d grad input' });
    const params = convParams(rt, pipeline, g, cout, { M, N: g.channels, K, kChunk: K });
    rt.dispatch(pipeline, [core.storageOf(dy), core.storageOf(filter), core.storageOf(dx), params], gemmGroups(M, g.channels, t.WG_M, t.WG_N), 'conv2d-grad-input');
    return dx;
  };

  const conv2dGradFilter = (x: Tensor, dy: Tensor, filterShape: Shape, o: Conv2dOptions): Tensor => {
    const g = convGeometry(x.shape, filterShape, o);
    const cout = filterShape[3];
    const M = g.h.kernel * g.w.kernel * g.channels;
    const K = g.batch * g.h.out * g.w.out;
    if (useDirectGradFilter(cout)) return directConv2dGradFilter(core, x, dy, filterShape, g);
    const t = tileShape(cout);
    // Split the long reduction over output pixels so small filters still fill the GPU:
    // about 128 workgroups, each slice at least 256 pixels long.
    const tiles = Math.ceil(M / (t.WG_M * TILE)) * Math.ceil(cout / (t.WG_N * TILE));
    const wanted = Math.max(1, Math.min(Math.ceil(128 / tiles), Math.floor(K / 256), 1024));
    const kChunk = Math.ceil(K / wanted / BK) * BK;
    const splits = Math.ceil(K / kChunk);
    const partial = core.empty(splits > 1 ? [splits, M * cout] : filterShape);
    const pipeline = rt.pipeline({ code: gradFilterWgsl + gemmCore, constants: { ...t, SPLIT_K: 1 }, label: 'conv2d grad filter' });
    const params = convParams(rt, pipeline, g, cout, { M, N: cout, K, kChunk });
    rt.dispatch(pipeline, [core.storageOf(x), core.storageOf(dy), core.storageOf(partial), params], gemmGroups(M, cout, t.WG_M, t.WG_N, splits), 'conv2d-grad-filter');
    if (splits === 1) return partial;
    const dw = sumRows(core, partial, splits, M * cout, filterShape);
    partial.dispose();
    return dw;
  };

  const conv2dGradBias = (dy: Tensor): Tensor => {
    const c = dy.shape[dy.rank - 1];
    return sumRows(core, dy, dy.size / c, c);
  };

  return { conv2d, conv2dGradInput, conv2dGradFilter, conv2dGradBias, ...gpuDepthwise(core), ...gpuPool(core) };
}
