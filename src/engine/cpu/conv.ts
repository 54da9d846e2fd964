// CPU reference kernels: convolution and pooling (NHWC). Loops are ordered so the
// innermost one runs over contiguous channels (Cout of the HWIO filter, C of the image),
// which keeps them cache-friendly without an im2col buffer. Sums run in the backend's
// precision (f64 for the finite-difference oracle).
import type { Conv2dOptions, ConvKernels } from '../kernels/conv';
import type { Shape } from '../shape';
import type { Tensor } from '../tensor';
import type { CpuCore } from './core';
import { applyEpilogue, convGeometry, forEachTap } from './conv-taps';
import { cpuDepthwise } from './conv-depthwise';
import { cpuPool } from './conv-pool';

export function cpuConv(core: CpuCore): ConvKernels {
  const conv2d = (x: Tensor, filter: Tensor, o: Conv2dOptions): Tensor => {
    const g = convGeometry(x.shape, filter.shape, o);
    const cin = g.channels;
    const cout = filter.shape[3];
    if (filter.shape[2] !== cin) throw new Error(`conv2d: filter [${filter.shape}] expects ${filter.shape[2]} input channels; x has ${cin}.`);
    const y = core.empty([g.batch, g.h.out, g.w.out, cout]);
    const xs = core.f(x);
    const ws = core.f(filter);
    const ys = core.f(y);
    forEachTap(g, (xb, yb, tap) => {
      const xi = xb * cin;
      const yi = yb * cout;
      for (let ci = 0; ci < cin; ci++) {
        const xv = xs[xi + ci];
        const wi = (tap * cin + ci) * cout;
        for (let co = 0; co < cout; co++) ys[yi + co] += xv * ws[wi + co];
      }
    });
    applyEpilogue(ys, cout, o.bias ? core.f(o.bias) : null, o);
    return y;
  };

  const conv2dGradInput = (dy: Tensor, filter: Tensor, xShape: Shape, o: Conv2dOptions): Tensor => {
    const g = convGeometry(xShape, filter.shape, o);
    const cin = g.channels;
    const cout = filter.shape[3];
    const dx = core.empty(xShape);
    const dys = core.f(dy);
    const ws = core.f(filter);
    const dxs = core.f(dx);
    forEachTap(g, (xb, yb, tap) => {
      const xi = xb * cin;
      const yi = yb * cout;
      for (let ci = 0; ci < cin; ci++) {
        const wi = (tap * cin + ci) * cout;
        let s = 0;
        for (let co = 0; co < cout; co++) s += dys[yi + co] * ws[wi + co];
        dxs[xi + ci] += s;
      }
    });
    return dx;
  };

  const conv2dGradFilter = (x: Tensor, dy: Tensor, filterShape: Shape, o: Conv2dOptions): Tensor => {
    const g = convGeometry(x.shape, filterShape, o);
    const cin = g.channels;
    const cout = filterShape[3];
    const dw = core.empty(filterShape);
    const xs = core.f(x);
    const dys = core.f(dy);
    const dws = core.f(dw);
    forEachTap(g, (xb, yb, tap) => {
      const xi = xb * cin;
      const yi = yb * cout;
      for (let ci = 0; ci < cin; ci++) {
        const xv = xs[xi + ci];
        const wi = (tap * cin + ci) * cout;
        for (let co = 0; co < cout; co++) dws[wi + co] += xv * dys[yi + co];
      }
    });
    return dw;
  };

  const conv2dGradBias = (dy: Tensor): Tensor => {
    const c = dy.shape[dy.rank - 1];
    const db = core.empty([c]);
    const dys = core.f(dy);
    const dbs = core.f(db);
    for (let i = 0; i < dys.length; i += c) for (let k = 0; k < c; k++) dbs[k] += dys[i + k];
    return db;
  };

  return { conv2d, conv2dGradInput, conv2dGradFilter, conv2dGradBias, ...cpuDepthwise(core), ...cpuPool(core) };
}
