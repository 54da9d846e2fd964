import type { AdversarialSpec, TrainingSpec } from '../../spec';
import type { AdversarialMethod } from '../../spec';

// What the "Adversarial training" fields do to `training.adversarial`, apart from React so
// the unit tests check the exact spec each choice makes. Off removes the field: an
// experiment without it is plain training and its share link is byte for byte as before.

export type AdversarialChoice = 'off' | AdversarialMethod;

export const ADVERSARIAL_CHOICES: readonly { value: AdversarialChoice; label: string }[] = [
  { value: 'off', label: 'Off' }, { value: 'fgsm', label: 'FGSM' }, { value: 'pgd', label: 'PGD' },
];

/** The schema's default share of each batch (spec/schema.ts). */
export const DEFAULT_FRACTION = 0.5;

export const adversarialChoice = (t: TrainingSpec): AdversarialChoice => t.adversarial?.method ?? 'off';

function without<T extends object, K extends keyof T>(o: T, key: K): Omit<T, K> {
  const { [key]: _drop, ...rest } = o;
  return rest;
}

/**
 * The training settings after choosing Off, FGSM or PGD. Switching method keeps ε and the
 * fraction; PGD's steps and step size mean nothing to FGSM, so they go with it.
 */
export function chooseAdversarial(t: TrainingSpec, choice: AdversarialChoice, startEpsilon: number): TrainingSpec {
  if (choice === 'off') return without(t, 'adversarial') as TrainingSpec;
  const before = t.adversarial;
  const kept: AdversarialSpec = { method: choice, epsilon: before?.epsilon ?? startEpsilon, fraction: before?.fraction ?? DEFAULT_FRACTION };
  if (choice === 'pgd' && before?.method === 'pgd') {
    if (before.steps !== undefined) kept.steps = before.steps;
    if (before.stepSize !== undefined) kept.stepSize = before.stepSize;
  }
  return { ...t, adversarial: kept };
}

export type NumberKey = 'epsilon' | 'steps' | 'stepSize' | 'fraction';

/** The number fields shown, in order: none while off, PGD's steps and step size only for PGD. */
export function shownAdversarialFields(t: TrainingSpec): NumberKey[] {
  const method = t.adversarial?.method;
  if (!method) return [];
  return method === 'pgd' ? ['epsilon', 'steps', 'stepSize', 'fraction'] : ['epsilon', 'fraction'];
}

/** One number of the field set (only while adversarial training is on). */
export function setAdversarialNumber(t: TrainingSpec, key: NumberKey, value: number): TrainingSpec {
  return t.adversarial ? { ...t, adversarial: { ...t.adversarial, [key]: value } } : t;
}

/** Clearing PGD steps or step size goes back to their defaults (the field is left out). */
export function clearAdversarialNumber(t: TrainingSpec, key: 'steps' | 'stepSize'): TrainingSpec {
  return t.adversarial ? { ...t, adversarial: without(t.adversarial, key) } : t;
}
