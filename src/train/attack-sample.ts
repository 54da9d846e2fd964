// One sample under attack, for the page's "Adversarial example" view: the adversarial input
// and the model's outputs before and after, read back together.
import type { Backend } from '../engine/backend';
import { noGrad } from '../engine/tape';
import { tidy } from '../engine/tensor';
import { targetIsIndex } from '../nn/losses';
import { forward } from '../nn/model';
import { adversarialExamples, type Attack, type AttackTarget } from './adversarial';

export interface AttackedSample {
  /** The adversarial input, normalised like the data. */
  adversarial: Float32Array;
  /** The model's outputs (logits) on the clean and on the adversarial input. */
  clean: Float32Array;
  attacked: Float32Array;
}

/** Attacks one normalised input `x` whose class is `label` (untargeted: away from it). */
export async function attackSample(b: Backend, t: AttackTarget, x: ArrayLike<number>, label: number, attack: Attack): Promise<AttackedSample> {
  const input = b.upload(x, [1, ...t.model.inputShape]);
  const width = t.model.outputShape.reduce((a, c) => a * c, 1);
  // The loss's target for one sample: the class index, or its 0/1 value (binary cross-entropy).
  const target = targetIsIndex(t.loss.loss) ? b.upload([label], [1], 'u32') : b.upload([label], [1, 1]);
  const { flat, views, offsets } = b.allocFlat([[x.length], [width], [width]]);
  try {
    tidy(() => {
      const adversarial = adversarialExamples(t, input, target, attack);
      noGrad(() => {
        const run = (v: typeof input) => forward(t.model, v, t.weights.params, t.weights.state, { training: false, seed: t.loss.seed, stream: 0 });
        b.copy(adversarial, views[0]);
        b.copy(run(input), views[1]);
        b.copy(run(adversarial), views[2]);
      });
      adversarial.dispose();
    });
    const v = await b.read(flat);
    const part = (i: number, n: number) => Float32Array.from(v.subarray(offsets[i], offsets[i] + n));
    return { adversarial: part(0, x.length), clean: part(1, width), attacked: part(2, width) };
  } finally {
    for (const tensor of [flat, input, target]) tensor.dispose();
  }
}
