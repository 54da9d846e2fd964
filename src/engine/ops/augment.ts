// Autograd op: seeded image augmentation of a batch (input data: no gradient recorded).
import type { DynamicU32 } from '../backend';
import type { ImageAugmentOptions } from '../kernels/augment';
import type { Tensor } from '../tensor';

export type { ImageAugmentOptions } from '../kernels/augment';

/** True when any transform is on (a non-zero shift or noise, or flip). */
export function augmentsImages(options: ImageAugmentOptions | undefined): options is ImageAugmentOptions {
  return !!options && (options.shift >= 1 || options.flip || options.noise > 0);
}

/**
 * Shift / flip / noise each image of x [N, H, W, C] with draws from (seed, step = stream,
 * row): the formulas of src/data/augment.ts. x itself when every transform is off.
 * `stream` should change every step (a UniformBlock slot in a compiled step).
 */
export function augmentImages(x: Tensor, options: ImageAugmentOptions, seed: number, stream: DynamicU32): Tensor {
  if (!augmentsImages(options)) return x;
  if (x.requiresGrad) throw new Error('augmentImages augments input data; it has no gradient.');
  return x.backend.augmentImages(x, options, seed, stream);
}
