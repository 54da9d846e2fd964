// Argument checks shared by both backends' augment kernels.
import type { Tensor } from '../tensor';
import { MAX_AUGMENT_SHIFT, type ImageAugmentOptions } from './augment';

export function checkAugment(x: Tensor, options: ImageAugmentOptions): { n: number; h: number; w: number; c: number; shift: number } {
  if (x.rank !== 4) throw new Error(`augmentImages expects images [N, H, W, C]; it got [${x.shape.join(', ')}].`);
  if (x.dtype !== 'f32') throw new Error(`augmentImages expects f32 images; it got ${x.dtype}.`);
  const shift = Math.max(0, Math.floor(options.shift));
  if (!(shift <= MAX_AUGMENT_SHIFT)) throw new Error(`Augmentation shift must be at most ${MAX_AUGMENT_SHIFT} pixels; it is ${options.shift}.`);
  if (!(options.noise >= 0) || !Number.isFinite(options.noise)) throw new Error(`Augmentation noise must be a finite number >= 0; it is ${options.noise}.`);
  const [n, h, w, c] = x.shape;
  return { n, h, w, c, shift };
}
