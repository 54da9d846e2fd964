// CPU reference kernels: depthwise conv2d (NHWC, filter [kh, kw, C, M], output channel
// c·M + m). Inner loops run over the contiguous (c, m) pairs of one pixel.
import type { Conv2dOptions, ConvKernels } from '../kernels/conv';
import type { Shape } from '../shape';
import type { Tensor } from '../tensor';
import type { CpuCore } from './core';
import { applyEpilogue, convGeometry, forEachTap } from './conv-taps';

type DepthwiseKernels = Pick<ConvKernels, 'depthwiseConv2d' | 'depthwiseConv2dGradInput' | 'depthwiseConv2dGradFilter'>;

export function cpuDepthwise(core: CpuCore): DepthwiseKernels {
  return {
    depthwiseConv2d(x: Tensor, filter: Tensor, o: Conv2dOptions): Tensor {
      const g = convGeometry(x.shape, filter.shape, o);
      const [c, m] = [g.channels, filter.shape[3]];
      if (filter.shape[2] !== c) throw new Error(`depthwiseConv2d: filter [${filter.shape}] expects ${filter.shape[2]} channels; x has ${c}.`);
      const y = core.empty([g.batch, g.h.out, g.w.out, c * m]);
      const [xs, ws, ys] = [core.f(x), core.f(filter), core.f(y)];
      forEachTap(g, (xb, yb, tap) => {
        const xi = xb * c;
        const yi = yb * c * m;
        const wi = tap * c * m;
        for (let k = 0; k < c * m; k++) ys[yi + k] += xs[xi + ((k / m) | 0)] * ws[wi + k];
      });
      applyEpilogue(ys, c * m, o.bias ? core.f(o.bias) : null, o);
      return y;
    },

    depthwiseConv2dGradInput(dy: Tensor, filter: Tensor, xShape: Shape, o: Conv2dOptions): Tensor {
      const g = convGeometry(xShape, filter.shape, o);
      const [c, m] = [g.channels, filter.shape[3]];
      const dx = core.empty(xShape);
      const [dys, ws, dxs] = [core.f(dy), core.f(filter), core.f(dx)];
      forEachTap(g, (xb, yb, tap) => {
        const xi = xb * c;
        const yi = yb * c * m;
        const wi = tap * c * m;
        for (let k = 0; k < c * m; k++) dxs[xi + ((k / m) | 0)] += dys[yi + k] * ws[wi + k];
      });
      return dx;
    },

    depthwiseConv2dGradFilter(x: Tensor, dy: Tensor, filterShape: Shape, o: Conv2dOptions): Tensor {
      const g = convGeometry(x.shape, filterShape, o);
      const [c, m] = [g.channels, filterShape[3]];
      const dw = core.empty(filterShape);
      const [xs, dys, dws] = [core.f(x), core.f(dy), core.f(dw)];
      forEachTap(g, (xb, yb, tap) => {
        const xi = xb * c;
        const yi = yb * c * m;
        const wi = tap * c * m;
        for (let k = 0; k < c * m; k++) dws[wi + k] += xs[xi + ((k / m) | 0)] * dys[yi + k];
      });
      return dw;
    },
  };
}
