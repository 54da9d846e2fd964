// The training step's augmentation hook: the trainer calls augmentStep on the gathered
// batch. Images ([N, H, W, C] batches) are shifted / flipped / noised on the device with
// draws from (experiment seed, step, row), the formulas of src/data/augment.ts; anything
// else, or an augment spec with every transform off, passes through untouched.
import type { DynamicU32 } from '../engine/backend';
import { augmentImages, augmentsImages } from '../engine/ops/augment';
import type { Tensor } from '../engine/tensor';
import type { AugmentSpec } from '../spec';

/** True when this spec augments batches of this input shape (per sample, e.g. [28, 28, 1]). */
export function augmentsInput(augment: AugmentSpec | undefined, inputShape: readonly number[]): boolean {
  return inputShape.length === 3 && augmentsImages(augment);
}

/**
 * xb [B, ...inputShape] augmented when `augment` has a transform on and the samples are
 * images; xb itself otherwise. `step` is the optimizer step (the trainer's UniformBlock word,
 * which a replayed compiled step re-reads).
 */
export function augmentStep(xb: Tensor, augment: AugmentSpec | undefined, seed: number, step: DynamicU32): Tensor {
  if (!augmentsInput(augment, xb.shape.slice(1))) return xb;
  return augmentImages(xb, augment!, seed, step);
}
