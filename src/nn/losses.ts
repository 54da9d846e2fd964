// The experiment's loss on a batch: a mean over the batch (docs/conventions.md).
import type { Tensor } from '../engine/tensor';
import { binaryCrossEntropy, huber, meanSquaredError, softmaxCrossEntropy } from '../engine/ops/pointwise';
import type { LossName } from '../spec';

/**
 * `target`: u32 labels [N] for softmaxCrossEntropy; f32 [N, outputs] otherwise (0/1 for
 * binary cross-entropy).
 */
export function lossOf(name: LossName, prediction: Tensor, target: Tensor, huberDelta = 1): Tensor {
  switch (name) {
    case 'softmaxCrossEntropy':
      return softmaxCrossEntropy(prediction, target);
    case 'binaryCrossEntropy':
      return binaryCrossEntropy(prediction, target);
    case 'mse':
      return meanSquaredError(prediction, target);
    case 'huber':
      return huber(prediction, target, huberDelta);
  }
}

/** Labels are integers for softmax cross-entropy, float targets for every other loss. */
export function targetIsIndex(name: LossName): boolean {
  return name === 'softmaxCrossEntropy';
}
