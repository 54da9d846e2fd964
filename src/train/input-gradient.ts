// The gradient of the experiment's loss with respect to the model's input, in evaluation
// mode (dropout off, batch norm with its running statistics): what the attacks
// (adversarial.ts) step along. Only the input gradient is computed; the parameters are
// frozen while it runs (engine/tape.ts inputGradient).
import { inputGradient } from '../engine/tape';
import type { Tensor } from '../engine/tensor';
import { forward, type Model } from '../nn/model';
import { lossOf } from '../nn/losses';
import type { LossName } from '../spec';

export interface ModelWeights {
  params: readonly Tensor[];
  state: readonly Tensor[];
}

export interface LossSpec {
  loss: LossName;
  huberDelta?: number;
  seed: number;
}

/** Mean loss over the batch and d(loss)/d(x) ([N, ...input]); call inside `tidy`. */
export function modelInputGradient(model: Model, weights: ModelWeights, x: Tensor, target: Tensor, spec: LossSpec): { loss: Tensor; grad: Tensor } {
  return inputGradient(x, weights.params, (input) => {
    const out = forward(model, input, weights.params, weights.state, { training: false, seed: spec.seed, stream: 0 });
    return lossOf(spec.loss, out, target, spec.huberDelta);
  });
}
