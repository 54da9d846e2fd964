// CPU reference kernels: max and average pooling (NHWC). Padded positions never win a
// max and are not counted by the average ('same' divides by the real elements, as TF).
import type { ConvKernels, Pool2dOptions } from '../kernels/conv';
import { windowGeometry, type WindowGeometry } from '../conv-geometry';
import type { Shape } from '../shape';
import type { Tensor } from '../tensor';
import type { CpuCore } from './core';

type PoolKernels = Pick<ConvKernels, 'maxPool2d' | 'maxPool2dGrad' | 'avgPool2d' | 'avgPool2dGrad'>;

export function poolGeometry(xShape: Shape, o: Pool2dOptions): WindowGeometry {
  return windowGeometry(xShape, o.poolSize, o.strides, [1, 1], o.padding);
}

/** Calls visit(outPixel, [inPixels of the window, clipped to the image]) per output pixel. */
function forEachWindow(g: WindowGeometry, visit: (outPixel: number, inPixels: number[]) => void): void {
  const { h, w } = g;
  const pixels: number[] = [];
  for (let b = 0; b < g.batch; b++)
    for (let oy = 0; oy < h.out; oy++)
      for (let ox = 0; ox < w.out; ox++) {
        pixels.length = 0;
        for (let ky = 0; ky < h.kernel; ky++) {
          const iy = oy * h.stride - h.padBefore + ky;
          if (iy < 0 || iy >= h.in) continue;
          for (let kx = 0; kx < w.kernel; kx++) {
            const ix = ox * w.stride - w.padBefore + kx;
            if (ix >= 0 && ix < w.in) pixels.push((b * h.in + iy) * w.in + ix);
          }
        }
        visit((b * h.out + oy) * w.out + ox, pixels);
      }
}

export function cpuPool(core: CpuCore): PoolKernels {
  return {
    maxPool2d(x: Tensor, o: Pool2dOptions) {
      const g = poolGeometry(x.shape, o);
      const c = g.channels;
      const shape = [g.batch, g.h.out, g.w.out, c];
      const [y, argmax] = [core.empty(shape), core.empty(shape, 'u32')];
      const [xs, ys, as] = [core.f(x), core.f(y), core.u(argmax)];
      forEachWindow(g, (op, pixels) => {
        for (let k = 0; k < c; k++) {
          // NOTE: the first maximum in scan order wins ties (PyTorch's choice).
          let best = pixels[0] * c + k;
          for (const p of pixels) if (xs[p * c + k] > xs[best]) best = p * c + k;
          ys[op * c + k] = xs[best];
          as[op * c + k] = best;
        }
      });
      return { y, argmax };
    },

    maxPool2dGrad(dy: Tensor, argmax: Tensor, xShape: Shape) {
      // Scatter in output order: sequential, so deterministic; the GPU gathers instead.
      const dx = core.empty(xShape);
      const [dys, as, dxs] = [core.f(dy), core.u(argmax), core.f(dx)];
      for (let i = 0; i < dys.length; i++) dxs[as[i]] += dys[i];
      return dx;
    },

    avgPool2d(x: Tensor, o: Pool2dOptions) {
      const g = poolGeometry(x.shape, o);
      const c = g.channels;
      const y = core.empty([g.batch, g.h.out, g.w.out, c]);
      const [xs, ys] = [core.f(x), core.f(y)];
      forEachWindow(g, (op, pixels) => {
        for (let k = 0; k < c; k++) {
          let s = 0;
          for (const p of pixels) s += xs[p * c + k];
          ys[op * c + k] = s / pixels.length;
        }
      });
      return y;
    },

    avgPool2dGrad(dy: Tensor, xShape: Shape, o: Pool2dOptions) {
      const g = poolGeometry(xShape, o);
      const c = g.channels;
      const dx = core.empty(xShape);
      const [dys, dxs] = [core.f(dy), core.f(dx)];
      forEachWindow(g, (op, pixels) => {
        for (let k = 0; k < c; k++) {
          const share = dys[op * c + k] / pixels.length;
          for (const p of pixels) dxs[p * c + k] += share;
        }
      });
      return dx;
    },
  };
}
