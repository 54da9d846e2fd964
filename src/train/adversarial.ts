// Adversarial examples: FGSM and PGD, untargeted, on the model in evaluation mode, built from
// backend kernels only, so they run on the GPU like training does (and inside the compiled
// step for adversarial training).
//
// Units. For image datasets ε is in raw pixels scaled to [0, 1]: the attack moves each pixel
// p by at most ε, clips p to [0, 1] and normalises as the experiment says. The data on the
// device is already normalised, x = (255·p - offset) / divisor (data/normalize.ts), so the
// same thing happens there: steps of ε·255/divisor, clipped to the normalised images of 0
// and 1 (sign(∇) is the same in both units: the map is increasing). For 2-D and CSV data ε
// is in the units of the normalised features the model takes, without clipping.
import { noGrad } from '../engine/tape';
import { keep, tidy, type Tensor } from '../engine/tensor';
import type { NormalizationStats } from '../data/types';
import type { AdversarialMethod } from '../spec/enums';
import type { Model } from '../nn/model';
import { modelInputGradient, type LossSpec, type ModelWeights } from './input-gradient';

export type AttackMethod = AdversarialMethod;

export interface Attack {
  method: AttackMethod;
  /** The radius of the L∞ ball, in the units above. */
  epsilon: number;
  /** PGD only: iterations (default PGD_DEFAULT_STEPS). */
  steps?: number;
  /** PGD only: step size α in the units of ε (default 2.5·ε/steps, Madry et al.). */
  stepSize?: number;
}

export const PGD_DEFAULT_STEPS = 10;

/** PGD's steps and step size with the defaults filled in (FGSM: one step of ε). */
export function attackSchedule(a: Attack): { steps: number; stepSize: number } {
  if (a.method === 'fgsm') return { steps: 1, stepSize: a.epsilon };
  const steps = a.steps ?? PGD_DEFAULT_STEPS;
  return { steps, stepSize: a.stepSize ?? (2.5 * a.epsilon) / steps };
}

/** How one unit of ε maps onto the model's (normalised) input, and the box inputs are clipped to. */
export interface InputBox {
  /** Normalised units per unit of ε. */
  scale: number;
  /** The normalised images of pixel values 0 and 1; null: no clipping. */
  clip: { lo: number; hi: number } | null;
}

/** The box of an image dataset (one global offset and divisor; raw pixels 0..255) or of feature data. */
export function inputBoxOf(image: boolean, stats: NormalizationStats): InputBox {
  if (!image) return { scale: 1, clip: null };
  const offset = stats.offset[0] ?? 0;
  const divisor = stats.divisor[0] ?? 1;
  // Math.fround: the stored inputs were rounded to f32 the same way, so at ε = 0 a black or
  // white pixel is left exactly as it is.
  return { scale: 255 / divisor, clip: { lo: Math.fround((0 - offset) / divisor), hi: Math.fround((255 - offset) / divisor) } };
}

export interface AttackTarget {
  model: Model;
  weights: ModelWeights;
  loss: LossSpec;
  box: InputBox;
}

/**
 * The adversarial version of batch `x` (a leaf tensor, normalised) against `target`:
 * FGSM x' = clip(x + ε·sign(∇ₓ loss)); PGD k such steps of size α from x, each projected
 * back into the ε-ball around x and clipped. Returns a new tensor (the caller owns it);
 * records no autograd.
 */
export function adversarialExamples(t: AttackTarget, x: Tensor, target: Tensor, attack: Attack): Tensor {
  const b = x.backend;
  const { steps, stepSize } = attackSchedule(attack);
  const { scale, clip } = t.box;
  const bounded = (v: Tensor) => (clip ? b.clamp(v, clip.lo, clip.hi) : v);
  const stepFrom = (current: Tensor): Tensor => {
    const { grad } = modelInputGradient(t.model, t.weights, current, target, t.loss);
    return noGrad(() => b.binary('add', current, b.binaryScalar('mul', b.unary('sign', grad), stepSize * scale)));
  };
  if (attack.method === 'fgsm') return tidy(() => keep(bounded(stepFrom(x))));
  return tidy(() => {
    const radius = attack.epsilon * scale;
    const lo = b.binaryScalar('sub', x, radius);
    const hi = b.binaryScalar('add', x, radius);
    let current = x;
    for (let k = 0; k < steps; k++) {
      const next = tidy(() => keep(bounded(b.binary('min', b.binary('max', stepFrom(current), lo), hi))));
      if (current !== x) current.dispose();
      current = next;
    }
    return current === x ? keep(b.binaryScalar('add', x, 0)) : current;
  });
}
