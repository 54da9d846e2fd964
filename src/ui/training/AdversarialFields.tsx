import { RANGES, datasetInfo } from '../../spec';
import type { Range, TrainingSpec } from '../../spec';
import { useApp } from '../store';
import { FieldGroup, NumberField, SelectField } from '../fields';
import { FIELD_WORDS } from '../field-words';
import { EPSILON_RANGE } from '../insight/adversarial/AttackSettings';
import { ADVERSARIAL_CHOICES, adversarialChoice, chooseAdversarial, clearAdversarialNumber, setAdversarialNumber, shownAdversarialFields } from './adversarial-edit';
import type { AdversarialChoice, NumberKey } from './adversarial-edit';

/** Each number field: its range (the schema's), arrow step and, for the optional ones, what empty means. */
const NUMBERS: Record<NumberKey, { range: Range; step: number; placeholder?: string }> = {
  epsilon: { range: RANGES.adversarialEpsilon, step: 0.01 },
  steps: { range: RANGES.adversarialSteps, step: 1, placeholder: '10' },
  stepSize: { range: RANGES.adversarialStepSize, step: 0.005, placeholder: '2.5·ε/steps' },
  fraction: { range: RANGES.adversarialFraction, step: 0.05 },
};

/**
 * `training.adversarial`: Off, FGSM or PGD, and the attack's numbers while it is on (PGD's
 * own two only for PGD). Like every training field, a change is a model-keeping edit: a run
 * under way pauses and Resume continues it with the new step.
 */
export function AdversarialFields() {
  const t = useApp((s) => s.experiment.training);
  const dataset = useApp((s) => s.experiment.data.dataset);
  const edit = useApp((s) => s.edit);
  const change = (f: (t: TrainingSpec) => TrainingSpec) => edit((x) => ({ ...x, training: f(x.training) }));
  // ε starts where the attack views start: 0.1 of the pixel range, 0.3 normalised units for points.
  const start = EPSILON_RANGE[datasetInfo(dataset).inputShape?.length === 3 ? 'image' : 'features'].start;
  const a = t.adversarial;
  return (
    <FieldGroup title="Against attacks">
      <SelectField<AdversarialChoice> label={FIELD_WORDS['training.adversarial.method'].label} help={FIELD_WORDS['training.adversarial'].help}
        value={adversarialChoice(t)} options={ADVERSARIAL_CHOICES} onChange={(choice) => change((x) => chooseAdversarial(x, choice, start))} />
      {a && shownAdversarialFields(t).map((key) => {
        const { label, help } = FIELD_WORDS[`training.adversarial.${key}`];
        const { range, step, placeholder } = NUMBERS[key];
        return (
          <NumberField key={key} label={label} help={help} value={a[key]} range={range} step={step} placeholder={placeholder}
            onChange={(v) => change((x) => setAdversarialNumber(x, key, v))}
            onClear={key === 'steps' || key === 'stepSize' ? () => change((x) => clearAdversarialNumber(x, key)) : undefined} />
        );
      })}
    </FieldGroup>
  );
}
