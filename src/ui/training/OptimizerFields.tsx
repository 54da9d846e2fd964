import { OPTIMIZERS, OPTIMIZER_FIELDS, OPTIMIZER_LABELS, RANGES, SCHEDULES, optimizerSettings } from '../../spec';
import type { OptimizerName, OptimizerSpec, ScheduleName, ScheduleSpec } from '../../spec';
import { useApp } from '../store';
import { FieldGroup, NumberField, SelectField } from '../fields';
import { FIELD_WORDS } from '../field-words';

const SCHEDULE_LABELS: Record<ScheduleName, string> = { constant: 'Constant', step: 'Step decay', exponential: 'Exponential decay', cosine: 'Cosine' };

/** Optimizer and its settings: only the ones that apply to the chosen type (its row of the optimizer table) are shown. */
export function OptimizerFields() {
  const optimizer = useApp((s) => s.experiment.optimizer);
  const edit = useApp((s) => s.edit);
  const setType = useApp((s) => s.setOptimizerType);
  const set = (patch: Partial<OptimizerSpec>) => edit((e) => ({ ...e, optimizer: { ...e.optimizer, ...patch } }));
  return (
    <FieldGroup title="Optimizer">
      <SelectField<OptimizerName> label="Optimizer" help={FIELD_WORDS['optimizer.type'].help} value={optimizer.type} options={OPTIMIZERS.map((o) => ({ value: o, label: OPTIMIZER_LABELS[o] }))} onChange={setType} />
      <NumberField label="Learning rate" value={optimizer.lr} range={RANGES.lr} step={0.001} onChange={(v) => set({ lr: v })} help={FIELD_WORDS['optimizer.lr'].help} />
      {optimizerSettings(optimizer.type).map(({ field, label, min, max, step }) => (
        <NumberField key={field} label={label} value={optimizer[field]} range={OPTIMIZER_FIELDS[field].range} min={min} max={max} step={step} onChange={(v) => set({ [field]: v })}
          help={FIELD_WORDS[`optimizer.${field}`].help} />
      ))}
      <NumberField label="L1 penalty" value={optimizer.l1} range={RANGES.penalty} step={0.0001} onChange={(v) => set({ l1: v })} help={FIELD_WORDS['optimizer.l1'].help} />
      <NumberField label="L2 penalty" value={optimizer.l2} range={RANGES.penalty} step={0.0001} onChange={(v) => set({ l2: v })} help={FIELD_WORDS['optimizer.l2'].help} />
    </FieldGroup>
  );
}

export function ScheduleFields() {
  const schedule = useApp((s) => s.experiment.schedule);
  const edit = useApp((s) => s.edit);
  const setType = useApp((s) => s.setScheduleType);
  const set = (patch: Partial<ScheduleSpec>) => edit((e) => ({ ...e, schedule: { ...e.schedule, ...patch } }));
  return (
    <FieldGroup title="Learning-rate schedule">
      <SelectField<ScheduleName> label="Schedule" help={FIELD_WORDS['schedule.type'].help} value={schedule.type} options={SCHEDULES.map((s) => ({ value: s, label: SCHEDULE_LABELS[s] }))} onChange={setType} />
      <NumberField label="Warmup steps" value={schedule.warmupSteps} range={RANGES.warmupSteps} step={10} onChange={(v) => set({ warmupSteps: v })} help={FIELD_WORDS['schedule.warmupSteps'].help} />
      {schedule.type === 'step' && <NumberField label="Step size" value={schedule.stepSize} range={RANGES.stepSize} step={100} onChange={(v) => set({ stepSize: v })} help={FIELD_WORDS['schedule.stepSize'].help} />}
      {(schedule.type === 'step' || schedule.type === 'exponential') && (
        <NumberField label="Gamma" value={schedule.gamma} range={RANGES.gamma} step={0.01} onChange={(v) => set({ gamma: v })} help={FIELD_WORDS['schedule.gamma'].help} />
      )}
    </FieldGroup>
  );
}
