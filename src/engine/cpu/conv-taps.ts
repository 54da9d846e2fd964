// Shared loops of the CPU conv kernels: window geometry, the (output pixel, filter tap)
// walk with bounds checks standing in for zero padding, and the bias + activation epilogue.
import type { Conv2dOptions } from '../kernels/conv';
import { windowGeometry, type WindowGeometry } from '../conv-geometry';
import { defaultAlpha } from '../kernels/pointwise';
import type { Shape } from '../shape';
import { POINTWISE_CPU } from './pointwise.gen';
import type { FloatArray } from './core';

export function convGeometry(xShape: Shape, filterShape: Shape, o: Conv2dOptions): WindowGeometry {
  return windowGeometry(xShape, [filterShape[0], filterShape[1]], o.strides, o.dilation, o.padding);
}

/**
 * Calls visit(xBase, yBase, wBase) for every (output pixel, filter tap) pair whose input
 * pixel lies inside the image: xBase/yBase index channel 0 of the pixels, wBase the tap.
 */
export function forEachTap(g: WindowGeometry, visit: (xBase: number, yBase: number, tap: number) => void): void {
  const { h, w } = g;
  for (let b = 0; b < g.batch; b++)
    for (let oy = 0; oy < h.out; oy++)
      for (let ox = 0; ox < w.out; ox++) {
        const yPixel = (b * h.out + oy) * w.out + ox;
        for (let ky = 0; ky < h.kernel; ky++) {
          const iy = oy * h.stride - h.padBefore + ky * h.dilation;
          if (iy < 0 || iy >= h.in) continue;
          for (let kx = 0; kx < w.kernel; kx++) {
            const ix = ox * w.stride - w.padBefore + kx * w.dilation;
            if (ix < 0 || ix >= w.in) continue;
            visit((b * h.in + iy) * w.in + ix, yPixel, ky * w.kernel + kx);
          }
        }
      }
}

/** y = activation(y + bias) in place, bias over the last axis. */
export function applyEpilogue(y: FloatArray, channels: number, bias: FloatArray | null, o: Conv2dOptions): void {
  const act = o.activation && o.activation !== 'linear' ? POINTWISE_CPU[o.activation].f : null;
  if (!bias && !act) return;
  const alpha = o.alpha ?? defaultAlpha(o.activation);
  for (let i = 0; i < y.length; i++) {
    const z = bias ? y[i] + bias[i % channels] : y[i];
    y[i] = act ? act(z, alpha) : z;
  }
}
