import { describe, expect, it } from 'vitest';
import { ADVERSARIAL_METHODS, RANGES, defaultExperiment, experimentSchema } from '../../spec';
import type { Experiment, TrainingSpec } from '../../spec';
import { encodeExperiment } from '../../experiment/codec';
import { validateExperiment } from '../../experiment';
import { numberProblem } from '../fields';
import { humanMessage } from '../issue-words';
import { FIELD_WORDS } from '../field-words';
import { ADVERSARIAL_CHOICES, adversarialChoice, chooseAdversarial, clearAdversarialNumber, setAdversarialNumber, shownAdversarialFields } from './adversarial-edit';

const base = defaultExperiment();
const withTraining = (training: TrainingSpec): Experiment => ({ ...base, training });
/** What the schema makes of it: the fields must already be the spec's own form (defaults filled). */
const parsed = (e: Experiment) => experimentSchema.parse(JSON.parse(JSON.stringify(e)));

describe('the Adversarial training fields', () => {
  it('FGSM makes exactly the spec\u2019s training.adversarial, and each number lands in it', () => {
    const on = chooseAdversarial(base.training, 'fgsm', 0.1);
    expect(on.adversarial).toEqual({ method: 'fgsm', epsilon: 0.1, fraction: 0.5 });
    expect(adversarialChoice(on)).toBe('fgsm');
    const edited = setAdversarialNumber(setAdversarialNumber(on, 'epsilon', 0.05), 'fraction', 0.25);
    expect(edited.adversarial).toEqual({ method: 'fgsm', epsilon: 0.05, fraction: 0.25 });
    const e = withTraining(edited);
    expect(validateExperiment(e).errors).toEqual([]);
    expect(parsed(e)).toEqual(e);
    expect({ ...edited, adversarial: undefined }).toEqual({ ...base.training, adversarial: undefined }); // nothing else moved
  });

  it('PGD keeps ε and the fraction, takes steps and step size, and clearing them leaves them out', () => {
    const fgsm = setAdversarialNumber(chooseAdversarial(base.training, 'fgsm', 0.1), 'epsilon', 0.2);
    const pgd = chooseAdversarial(fgsm, 'pgd', 0.1);
    expect(pgd.adversarial).toEqual({ method: 'pgd', epsilon: 0.2, fraction: 0.5 });
    const full = setAdversarialNumber(setAdversarialNumber(pgd, 'steps', 7), 'stepSize', 0.02);
    expect(full.adversarial).toEqual({ method: 'pgd', epsilon: 0.2, steps: 7, stepSize: 0.02, fraction: 0.5 });
    expect(parsed(withTraining(full))).toEqual(withTraining(full));
    expect(chooseAdversarial(full, 'pgd', 0.1).adversarial).toEqual(full.adversarial); // choosing PGD again changes nothing
    const cleared = clearAdversarialNumber(full, 'steps');
    expect(cleared.adversarial).toEqual({ method: 'pgd', epsilon: 0.2, stepSize: 0.02, fraction: 0.5 });
    expect(Object.keys(cleared.adversarial!)).not.toContain('steps');
    // Back to FGSM: PGD's own numbers go (they mean nothing to FGSM).
    expect(chooseAdversarial(full, 'fgsm', 0.1).adversarial).toEqual({ method: 'fgsm', epsilon: 0.2, fraction: 0.5 });
  });

  it('Off removes the field, so the link is byte for byte the plain experiment\u2019s', async () => {
    const off = chooseAdversarial(chooseAdversarial(base.training, 'pgd', 0.3), 'off', 0.3);
    expect('adversarial' in off).toBe(false);
    expect(adversarialChoice(off)).toBe('off');
    expect(off).toEqual(base.training);
    expect(await encodeExperiment(withTraining(off))).toBe(await encodeExperiment(base));
    expect(setAdversarialNumber(off, 'epsilon', 1)).toBe(off); // numbers do nothing while off
  });

  it('shows no number while off, \u03b5 and the fraction for FGSM, and PGD\u2019s two fields only for PGD', () => {
    expect(shownAdversarialFields(base.training)).toEqual([]);
    expect(shownAdversarialFields(chooseAdversarial(base.training, 'fgsm', 0.1))).toEqual(['epsilon', 'fraction']);
    expect(shownAdversarialFields(chooseAdversarial(base.training, 'pgd', 0.1))).toEqual(['epsilon', 'steps', 'stepSize', 'fraction']);
    expect(ADVERSARIAL_CHOICES.map((c) => c.label)).toEqual(['Off', 'FGSM', 'PGD']);
    // Every field has its words (label and explanation) and the choices cover the schema's methods.
    for (const key of ['method', 'epsilon', 'steps', 'stepSize', 'fraction'] as const) expect(FIELD_WORDS[`training.adversarial.${key}`].help.length).toBeGreaterThan(20);
    expect(ADVERSARIAL_CHOICES.slice(1).map((c) => c.value)).toEqual([...ADVERSARIAL_METHODS]);
  });

  it('says what is wrong in the field’s own words, with the range from the schema', () => {
    expect(numberProblem('Adversarial ε', '11', RANGES.adversarialEpsilon)).toBe('Adversarial ε must be a number from 0 to 10');
    expect(numberProblem('PGD steps', '2.5', RANGES.adversarialSteps)).toBe('PGD steps must be a whole number from 1 to 1,000');
    expect(numberProblem('PGD step size', '0', RANGES.adversarialStepSize)).toBe('PGD step size must be a number above 0 and at most 10');
    const bad = withTraining({ ...base.training, adversarial: { method: 'fgsm', epsilon: 0.1, fraction: 2 } });
    const [issue] = validateExperiment(bad).errors;
    expect(humanMessage(issue.message, bad)).toBe('Adversarial fraction must be a number at least 0 and at most 1; got 2.');
  });
});
