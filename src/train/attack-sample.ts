// Samples under attack, for the page's views: one image ("Adversarial example", a test image
// or a drawn one) or a batch of 2-D test points (the decision boundary's arrows). The
// adversarial inputs and the model's outputs before and after are read back together.
import type { Backend } from '../engine/backend';
import { noGrad } from '../engine/tape';
import { tidy, type Tensor } from '../engine/tensor';
import { targetIsIndex } from '../nn/losses';
import { forward } from '../nn/model';
import { adversarialExamples, type Attack, type AttackTarget } from './adversarial';
import { predictedClasses } from './insight';

export interface AttackedSample {
  /** The adversarial inputs, normalised like the data (n rows back to back). */
  adversarial: Float32Array;
  /** The model's outputs (logits) on the clean and on the adversarial inputs ([n * width]). */
  clean: Float32Array;
  attacked: Float32Array;
}

const evalForward = (t: AttackTarget, v: Tensor) => forward(t.model, v, t.weights.params, t.weights.state, { training: false, seed: t.loss.seed, stream: 0 });

/**
 * Attacks the normalised inputs `x` (labels.length rows back to back), each of class
 * labels[i] (untargeted: away from it), and reads back once. Both views go through here, so
 * a drawn image and a test image meet the same arithmetic.
 */
export async function attackBatch(b: Backend, t: AttackTarget, x: ArrayLike<number>, labels: ArrayLike<number>, attack: Attack): Promise<AttackedSample> {
  const n = labels.length;
  const input = b.upload(x, [n, ...t.model.inputShape]);
  const width = t.model.outputShape.reduce((a, c) => a * c, 1);
  // The loss's target: class indices, or their 0/1 values (binary cross-entropy).
  const target = targetIsIndex(t.loss.loss) ? b.upload(labels, [n], 'u32') : b.upload(labels, [n, 1]);
  const { flat, views, offsets } = b.allocFlat([[x.length], [n * width], [n * width]]);
  try {
    tidy(() => {
      const adversarial = adversarialExamples(t, input, target, attack);
      noGrad(() => {
        b.copy(adversarial, views[0]);
        b.copy(evalForward(t, input), views[1]);
        b.copy(evalForward(t, adversarial), views[2]);
      });
      adversarial.dispose();
    });
    const v = await b.read(flat);
    const part = (i: number, size: number) => Float32Array.from(v.subarray(offsets[i], offsets[i] + size));
    return { adversarial: part(0, x.length), clean: part(1, n * width), attacked: part(2, n * width) };
  } finally {
    for (const tensor of [flat, input, target]) tensor.dispose();
  }
}

/** The class the model gives one normalised input now (the trainer's rule, countCorrect's). */
export async function predictedClass(b: Backend, t: AttackTarget, x: ArrayLike<number>): Promise<number> {
  const input = b.upload(x, [1, ...t.model.inputShape]);
  try {
    const out = tidy(() => noGrad(() => evalForward(t, input)));
    const values = await b.read(out);
    out.dispose();
    return predictedClasses({ values: Float32Array.from(values), width: values.length })[0];
  } finally {
    input.dispose();
  }
}

/**
 * Attacks one normalised input `x` whose class is `label`, or, with null (a drawn image has
 * no true label), the class the model gives it now: away from its own clean prediction.
 */
export async function attackSample(b: Backend, t: AttackTarget, x: ArrayLike<number>, label: number | null, attack: Attack): Promise<AttackedSample> {
  return attackBatch(b, t, x, [label ?? await predictedClass(b, t, x)], attack);
}
