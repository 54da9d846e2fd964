// CPU reference of image augmentation; a WGSL kernel must match it bit for bit in its
// random draws (and to float rounding in the noise). Everything is a pure function of
// (seed, step, row), drawn with the counter-based hashUniform so GPU threads need no state.
//
// Exact formulas, for an image of H x W x C (NHWC) at batch row `row` of optimizer step
// `step` (the step counter the trainer also gives dropout):
//   stream(step, purpose) = hash32(hash32(step) ^ purpose)          (u32 arithmetic)
//   u(purpose, index)     = hashUniform(seed, stream(step, purpose), index)
//   Per-sample draws use index = row:
//     dy   = floor(u(SHIFT_Y, row) * (2 * shift + 1)) - shift       (integer in [-shift, shift])
//     dx   = floor(u(SHIFT_X, row) * (2 * shift + 1)) - shift
//     flip = flipEnabled && u(FLIP, row) < 0.5
//   Output pixel (y, x, c): the flipped image shifted by (dy, dx), zero outside:
//     sy = y - dy;  sx' = x - dx;  sx = flip ? W - 1 - sx' : sx'
//     out = (0 <= sy < H && 0 <= sx' < W) ? in(sy, sx, c) : 0
//   Gaussian noise (when noise > 0), per element e = (y * W + x) * C + c, index = row * H*W*C + e:
//     u1 = 1 - u(NOISE_RADIUS, index)                                (in (0, 1], so log is finite)
//     u2 = u(NOISE_ANGLE, index)
//     out += noise * sqrt(-2 * ln(u1)) * cos(2 * pi * u2)             (Box-Muller)
// Shift and flip run before noise; the zero fill is 0 in the space the batch is in (the
// trainer augments normalized batches, so with `standard` a filled pixel is the mean).
// Skip a transform entirely when its setting is 0/false: it then draws nothing.

import { hash32, hashUniform } from '../engine/random';

export interface AugmentOptions {
  /** Maximum shift in pixels, each axis (0 = none). */
  shift: number;
  /** Horizontal flip with probability 0.5. */
  flip: boolean;
  /** Std of additive gaussian noise (0 = none). */
  noise: number;
}

/** Purpose codes that separate the draws of one step (part of the fixed formula above). */
export const AUGMENT_PURPOSE = { SHIFT_Y: 1, SHIFT_X: 2, FLIP: 3, NOISE_RADIUS: 4, NOISE_ANGLE: 5 } as const;

export function augmentStream(step: number, purpose: number): number {
  return hash32((hash32(step >>> 0) ^ purpose) >>> 0);
}

export function isAugmenting(options: AugmentOptions | undefined): boolean {
  return !!options && (options.shift > 0 || options.flip || options.noise > 0);
}

/**
 * Augment a batch of images [batch, H, W, C] (row-major, NHWC) into a new array.
 * `shape` is [H, W, C]; `step` is the optimizer step; row b draws with index b.
 */
export function augmentBatch(
  images: Float32Array,
  shape: readonly number[],
  options: AugmentOptions,
  seed: number,
  step: number,
): Float32Array {
  const [h, w, c] = shape;
  const size = h * w * c;
  const out = new Float32Array(images.length);
  for (let row = 0; row * size < images.length; row++) {
    augmentImage(images.subarray(row * size, (row + 1) * size), out.subarray(row * size, (row + 1) * size), shape, options, seed, step, row);
  }
  return out;
}

/** Augment one image `src` [H, W, C] into `dst` (same size, distinct memory). */
export function augmentImage(
  src: Float32Array,
  dst: Float32Array,
  shape: readonly number[],
  options: AugmentOptions,
  seed: number,
  step: number,
  row: number,
): void {
  const [h, w, c] = shape;
  const u = (purpose: number, index: number) => hashUniform(seed, augmentStream(step, purpose), index);
  const shift = Math.max(0, Math.floor(options.shift));
  const dy = shift > 0 ? Math.floor(u(AUGMENT_PURPOSE.SHIFT_Y, row) * (2 * shift + 1)) - shift : 0;
  const dx = shift > 0 ? Math.floor(u(AUGMENT_PURPOSE.SHIFT_X, row) * (2 * shift + 1)) - shift : 0;
  const flip = options.flip && u(AUGMENT_PURPOSE.FLIP, row) < 0.5;
  for (let y = 0; y < h; y++) {
    const sy = y - dy;
    for (let x = 0; x < w; x++) {
      const sxShifted = x - dx;
      const sx = flip ? w - 1 - sxShifted : sxShifted;
      const inside = sy >= 0 && sy < h && sxShifted >= 0 && sxShifted < w;
      for (let ch = 0; ch < c; ch++) {
        dst[(y * w + x) * c + ch] = inside ? src[(sy * w + sx) * c + ch] : 0;
      }
    }
  }
  if (options.noise > 0) {
    const base = row * h * w * c;
    for (let e = 0; e < h * w * c; e++) {
      const u1 = 1 - u(AUGMENT_PURPOSE.NOISE_RADIUS, base + e);
      const u2 = u(AUGMENT_PURPOSE.NOISE_ANGLE, base + e);
      dst[e] += options.noise * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
  }
}
