// WebGPU kernels: depthwise conv2d (forward with fused bias + activation, input gradient
// by gathering, filter gradient by split reduction + fixed-order sum).
import type { Conv2dOptions, ConvKernels } from '../kernels/conv';
import { windowGeometry, type WindowGeometry } from '../conv-geometry';
import { defaultAlpha } from '../kernels/pointwise';
import type { Shape } from '../shape';
import type { Tensor } from '../tensor';
import type { GpuCore } from './core';
import { grid1d } from './grid';
import { withPointwise } from './pointwise.gen';
import { sumRows } from './conv-sum';
import paramsWgsl from '../../../shaders/depthwise-params.wgsl?raw';
import forwardWgsl from '../../../shaders/depthwise.wgsl?raw';
import gradInputWgsl from '../../../shaders/depthwise-grad-input.wgsl?raw';
import gradFilterWgsl from '../../../shaders/depthwise-grad-filter.wgsl?raw';

type DepthwiseKernels = Pick<ConvKernels, 'depthwiseConv2d' | 'depthwiseConv2dGradInput' | 'depthwiseConv2dGradFilter'>;

/** Output pixels one thread of the filter gradient sums before the partials are added. */
const PIXELS_PER_SPLIT = 256;

export function gpuDepthwise(core: GpuCore): DepthwiseKernels {
  const rt = core.rt;
  const geometry = (xShape: Shape, filterShape: Shape, o: Conv2dOptions) =>
    windowGeometry(xShape, [filterShape[0], filterShape[1]], o.strides, o.dilation, o.padding);
  /** The DwParams uniform (shaders/depthwise-params.wgsl) for `total` threads. */
  const params = (pipeline: GPUComputePipeline, g: WindowGeometry, m: number, total: number, alpha = 0, pixChunk = 0, splits = 0) => {
    const { h, w } = g;
    return rt.params(pipeline, {
      total, batch: g.batch, H: h.in, W: w.in, C: g.channels, M: m, Ho: h.out, Wo: w.out,
      kh: h.kernel, kw: w.kernel, sh: h.stride, sw: w.stride, dh: h.dilation, dw: w.dilation,
      padTop: h.padBefore, padLeft: w.padBefore, alpha, pixChunk, splits,
    });
  };

  return {
    depthwiseConv2d(x: Tensor, filter: Tensor, o: Conv2dOptions): Tensor {
      const g = geometry(x.shape, filter.shape, o);
      const m = filter.shape[3];
      if (filter.shape[2] !== g.channels) throw new Error(`depthwiseConv2d: filter [${filter.shape}] expects ${filter.shape[2]} channels; x has ${g.channels}.`);
      const y = core.empty([g.batch, g.h.out, g.w.out, g.channels * m]);
      const act = o.activation ?? 'linear';
      const pipeline = rt.pipeline({
        code: paramsWgsl + withPointwise(forwardWgsl, act),
        constants: { HAS_BIAS: o.bias ? 1 : 0 },
        label: `depthwise ${act}`,
      });
      // NOTE: without a bias the filter fills the (unread) bias binding; see conv.ts.
      const bindings = [x, filter, o.bias ?? filter, y].map((t) => core.storageOf(t));
      rt.dispatch(pipeline, [...bindings, params(pipeline, g, m, y.size, o.alpha ?? defaultAlpha(act))], grid1d(y.size, 256), 'depthwise');
      return y;
    },

    depthwiseConv2dGradInput(dy: Tensor, filter: Tensor, xShape: Shape, o: Conv2dOptions): Tensor {
      const g = geometry(xShape, filter.shape, o);
      const dx = core.empty(xShape);
      const pipeline = rt.pipeline({ code: paramsWgsl + gradInputWgsl, label: 'depthwise grad input' });
      const bindings = [dy, filter, dx].map((t) => core.storageOf(t));
      rt.dispatch(pipeline, [...bindings, params(pipeline, g, filter.shape[3], dx.size)], grid1d(dx.size, 256), 'depthwise-grad-input');
      return dx;
    },

    depthwiseConv2dGradFilter(x: Tensor, dy: Tensor, filterShape: Shape, o: Conv2dOptions): Tensor {
      const g = geometry(x.shape, filterShape, o);
      const F = filterShape.reduce((a, d) => a * d, 1);
      const pixels = g.batch * g.h.out * g.w.out;
      const splits = Math.ceil(pixels / PIXELS_PER_SPLIT);
      const partial = core.empty(splits > 1 ? [splits, F] : filterShape);
      const pipeline = rt.pipeline({ code: paramsWgsl + gradFilterWgsl, label: 'depthwise grad filter' });
      const bindings = [x, dy, partial].map((t) => core.storageOf(t));
      const p = params(pipeline, g, filterShape[3], F, 0, PIXELS_PER_SPLIT, splits);
      rt.dispatch(pipeline, [...bindings, p], grid1d(F * splits, 256), 'depthwise-grad-filter');
      if (splits === 1) return partial;
      const dw = sumRows(core, partial, splits, F, filterShape);
      partial.dispose();
      return dw;
    },
  };
}
