import { OPTIMIZERS, OPTIMIZER_FIELDS, OPTIMIZER_LABELS, RANGES, SCHEDULES, optimizerSettings } from '../../spec';
import type { OptimizerName, OptimizerSpec, ScheduleName, ScheduleSpec } from '../../spec';
import { useApp } from '../store';
import { FieldGroup, NumberField, SelectField } from '../fields';

/** The settings the trainer applies to a running training (LiveHyper in src/train/types.ts). */
const LIVE_SETTINGS: ReadonlySet<string> = new Set(['momentum', 'weightDecay']);
const SCHEDULE_LABELS: Record<ScheduleName, string> = { constant: 'Constant', step: 'Step decay', exponential: 'Exponential decay', cosine: 'Cosine' };

/** Optimizer and its settings: only the ones that apply to the chosen type (its row of the optimizer table) are shown. */
export function OptimizerFields() {
  const optimizer = useApp((s) => s.experiment.optimizer);
  const edit = useApp((s) => s.edit);
  const setType = useApp((s) => s.setOptimizerType);
  const set = (patch: Partial<OptimizerSpec>) => edit((e) => ({ ...e, optimizer: { ...e.optimizer, ...patch } }));
  const live = 'Changes apply live to a running training';
  return (
    <FieldGroup title="Optimizer">
      <SelectField<OptimizerName> label="Optimizer" value={optimizer.type} options={OPTIMIZERS.map((o) => ({ value: o, label: OPTIMIZER_LABELS[o] }))} onChange={setType} />
      <NumberField label="Learning rate" value={optimizer.lr} range={RANGES.lr} step={0.001} onChange={(v) => set({ lr: v })} hint={live} />
      {optimizerSettings(optimizer.type).map(({ field, label, min, max, step }) => (
        <NumberField key={field} label={label} value={optimizer[field]} range={OPTIMIZER_FIELDS[field].range} min={min} max={max} step={step} onChange={(v) => set({ [field]: v })}
          hint={LIVE_SETTINGS.has(field) ? live : undefined} />
      ))}
      <NumberField label="L1 penalty" value={optimizer.l1} range={RANGES.penalty} step={0.0001} onChange={(v) => set({ l1: v })} />
      <NumberField label="L2 penalty" value={optimizer.l2} range={RANGES.penalty} step={0.0001} onChange={(v) => set({ l2: v })} />
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
      <SelectField<ScheduleName> label="Schedule" value={schedule.type} options={SCHEDULES.map((s) => ({ value: s, label: SCHEDULE_LABELS[s] }))} onChange={setType} />
      <NumberField label="Warmup steps" value={schedule.warmupSteps} range={RANGES.warmupSteps} step={10} onChange={(v) => set({ warmupSteps: v })} />
      {schedule.type === 'step' && <NumberField label="Step size" value={schedule.stepSize} range={RANGES.stepSize} step={100} onChange={(v) => set({ stepSize: v })} />}
      {(schedule.type === 'step' || schedule.type === 'exponential') && (
        <NumberField label="Gamma" value={schedule.gamma} range={RANGES.gamma} step={0.01} onChange={(v) => set({ gamma: v })} />
      )}
    </FieldGroup>
  );
}
