// CPU reference kernels: the augment family (seeded image augmentation). See
// src/engine/kernels/augment.ts for the contract. The arithmetic is the reference's
// (src/data/augment.ts, which the engine may not import): the same draws, float64 math,
// one rounding into the output array, so the results are identical (a test in
// src/train/augment-step.test.ts compares them).
import { dynamicValue } from '../backend';
import { IMAGE_AUGMENT_PURPOSE as P, type AugmentKernels } from '../kernels/augment';
import { hash32, hashUniform } from '../random';
import type { CpuCore } from './core';
import { checkAugment } from '../kernels/augment-check';

export function cpuAugment(core: CpuCore): AugmentKernels {
  return {
    augmentImages(x, options, seed, stream) {
      const { n, h, w, c, shift } = checkAugment(x, options);
      const step = dynamicValue(stream) >>> 0;
      const streams = [0, 1, 2, 3, 4, 5].map((purpose) => hash32((hash32(step) ^ purpose) >>> 0));
      const u = (purpose: number, index: number) => hashUniform(seed, streams[purpose], index);
      const src = core.f(x);
      const out = core.empty(x.shape);
      const dst = core.f(out);
      const size = h * w * c;
      for (let row = 0; row < n; row++) {
        const base = row * size;
        const dy = shift > 0 ? Math.floor(u(P.SHIFT_Y, row) * (2 * shift + 1)) - shift : 0;
        const dx = shift > 0 ? Math.floor(u(P.SHIFT_X, row) * (2 * shift + 1)) - shift : 0;
        const flip = options.flip && u(P.FLIP, row) < 0.5;
        for (let y = 0; y < h; y++) {
          const sy = y - dy;
          for (let xx = 0; xx < w; xx++) {
            const sxShifted = xx - dx;
            const sx = flip ? w - 1 - sxShifted : sxShifted;
            const inside = sy >= 0 && sy < h && sxShifted >= 0 && sxShifted < w;
            const to = base + (y * w + xx) * c;
            const from = base + (sy * w + sx) * c;
            for (let ch = 0; ch < c; ch++) dst[to + ch] = inside ? src[from + ch] : 0;
          }
        }
        if (options.noise > 0) {
          for (let e = 0; e < size; e++) {
            const index = (base + e) >>> 0;
            const u1 = 1 - u(P.NOISE_RADIUS, index);
            const u2 = u(P.NOISE_ANGLE, index);
            dst[base + e] += options.noise * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
          }
        }
      }
      return out;
    },
  };
}
