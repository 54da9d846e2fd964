// Autograd ops: fused losses. Each kernel returns the mean loss [1] and d(loss)/d(prediction)
// from one pass; backward only scales that saved gradient by the upstream dy (usually 1).
import type { LossResult } from '../kernels/pointwise';
import { isGradEnabled, record } from '../tape';
import type { Tensor } from '../tensor';

/** Records a fused loss: d(pred) = grad·dy; d(target) = -d(pred) where the target is differentiable. */
function lossOp(name: string, pred: Tensor, target: Tensor, { loss, grad }: LossResult, targetGrad: boolean): Tensor {
  if (!isGradEnabled() || !(pred.requiresGrad || target.requiresGrad)) {
    grad.dispose();
    return loss;
  }
  return record(name, [pred, target], loss, (dy) => {
    const k = dy.backend;
    const dpred = k.binary('mul', grad, dy);
    const dtarget = targetGrad && target.requiresGrad ? k.binaryScalar('mul', dpred, -1) : null;
    if (!pred.requiresGrad) {
      dpred.dispose();
      return [null, dtarget];
    }
    return [dpred, dtarget];
  });
}

/** Mean softmax cross-entropy of logits [N, C] against u32 class labels [N]. */
export function softmaxCrossEntropy(logits: Tensor, labels: Tensor): Tensor {
  return lossOp('softmaxCrossEntropy', logits, labels, logits.backend.softmaxCrossEntropy(logits, labels), false);
}

/**
 * Mean binary cross-entropy with logits against 0/1 targets of the same shape. The targets
 * get no gradient (they are labels).
 */
export function binaryCrossEntropy(logits: Tensor, targets: Tensor): Tensor {
  return lossOp('binaryCrossEntropy', logits, targets, logits.backend.binaryCrossEntropy(logits, targets), false);
}

export function meanSquaredError(pred: Tensor, target: Tensor): Tensor {
  return lossOp('meanSquaredError', pred, target, pred.backend.meanSquaredError(pred, target), true);
}

/** Mean Huber loss: 0.5·d² where |d| ≤ delta, else delta·(|d| - 0.5·delta). */
export function huber(pred: Tensor, target: Tensor, delta = 1): Tensor {
  return lossOp('huber', pred, target, pred.backend.huber(pred, target, delta), true);
}

/** Correct predictions as f32 [1] (argmax for [N, C], logit > 0 for [N, 1]); no gradient. */
export const countCorrect = (logits: Tensor, labels: Tensor): Tensor => logits.backend.countCorrect(logits, labels);
