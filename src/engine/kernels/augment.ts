import type { Tensor } from '../tensor';
import type { DynamicU32 } from '../backend';

/** What augmentImages does to each image of a batch (the spec's `data.augment`). */
export interface ImageAugmentOptions {
  /** Maximum shift in pixels along each axis (0 = none); zero fill outside the image. */
  shift: number;
  /** Horizontal flip with probability 0.5. */
  flip: boolean;
  /** Std of additive gaussian noise (0 = none). */
  noise: number;
}

/**
 * Purpose codes separating the draws of one step; the same numbers as `AUGMENT_PURPOSE`
 * in src/data/augment.ts (the CPU reference; a test keeps them equal).
 */
export const IMAGE_AUGMENT_PURPOSE = { SHIFT_Y: 1, SHIFT_X: 2, FLIP: 3, NOISE_RADIUS: 4, NOISE_ANGLE: 5 } as const;

/** Largest `shift` the kernels accept (the GPU draws it with exact 32-bit integer math). */
export const MAX_AUGMENT_SHIFT = 65535;

export interface AugmentKernels {
  /**
   * Seeded image augmentation of a batch x [N, H, W, C] (NHWC) into a new tensor: random
   * shift (zero fill), horizontal flip, gaussian noise, exactly the formulas of the CPU
   * reference src/data/augment.ts with `step` = the value of `stream` (row b of the batch
   * draws with index b). `stream` changes every step (a UniformBlock word in a compiled
   * step), so a replayed step augments differently each time. No gradient (input data).
   */
  augmentImages(x: Tensor, options: ImageAugmentOptions, seed: number, stream: DynamicU32): Tensor;
}
