import { OPTIMIZERS, OPTIMIZER_DEFAULTS, SCHEDULES } from '../../spec';
import type { OptimizerName, OptimizerSpec, ScheduleName, ScheduleSpec } from '../../spec';
import { useApp } from '../store';
import { FieldGroup, NumberField, SelectField } from '../fields';

const OPTIMIZER_LABELS: Record<OptimizerName, string> = {
  sgd: 'SGD', momentum: 'SGD with momentum', nesterov: 'Nesterov momentum', adam: 'Adam', adamw: 'AdamW', rmsprop: 'RMSprop', adagrad: 'Adagrad',
};
const SCHEDULE_LABELS: Record<ScheduleName, string> = { constant: 'Constant', step: 'Step decay', exponential: 'Exponential decay', cosine: 'Cosine' };

/** Optimizer and its settings: only the ones that apply to the chosen type are shown. */
export function OptimizerFields() {
  const optimizer = useApp((s) => s.experiment.optimizer);
  const edit = useApp((s) => s.edit);
  const setType = useApp((s) => s.setOptimizerType);
  const set = (patch: Partial<OptimizerSpec>) => edit((e) => ({ ...e, optimizer: { ...e.optimizer, ...patch } }));
  const uses = OPTIMIZER_DEFAULTS[optimizer.type];
  const live = 'Changes apply live to a running training';
  return (
    <FieldGroup title="Optimizer">
      <SelectField<OptimizerName> label="Optimizer" value={optimizer.type} options={OPTIMIZERS.map((o) => ({ value: o, label: OPTIMIZER_LABELS[o] }))} onChange={setType} />
      <NumberField label="Learning rate" value={optimizer.lr} min={0} step={0.001} onChange={(v) => set({ lr: v })} hint={live} />
      {'momentum' in uses && <NumberField label="Momentum" value={optimizer.momentum} min={0} max={0.999} step={0.05} onChange={(v) => set({ momentum: v })} hint={live} />}
      {'beta1' in uses && <NumberField label="Beta 1" value={optimizer.beta1} min={0} max={0.9999} step={0.01} onChange={(v) => set({ beta1: v })} />}
      {'beta2' in uses && <NumberField label={optimizer.type === 'rmsprop' ? 'Beta 2 (smoothing)' : 'Beta 2'} value={optimizer.beta2} min={0} max={0.99999} step={0.001} onChange={(v) => set({ beta2: v })} />}
      {'eps' in uses && <NumberField label="Epsilon" value={optimizer.eps} min={0} step={1e-8} onChange={(v) => set({ eps: v })} />}
      <NumberField label="Weight decay" value={optimizer.weightDecay} min={0} max={1} step={0.0001} onChange={(v) => set({ weightDecay: v })} hint={live} />
      <NumberField label="L1 penalty" value={optimizer.l1} min={0} step={0.0001} onChange={(v) => set({ l1: v })} />
      <NumberField label="L2 penalty" value={optimizer.l2} min={0} step={0.0001} onChange={(v) => set({ l2: v })} />
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
      <NumberField label="Warmup steps" value={schedule.warmupSteps} min={0} step={10} integer onChange={(v) => set({ warmupSteps: v })} />
      {schedule.type === 'step' && <NumberField label="Step size" value={schedule.stepSize} min={1} step={100} integer onChange={(v) => set({ stepSize: v })} />}
      {(schedule.type === 'step' || schedule.type === 'exponential') && (
        <NumberField label="Gamma" value={schedule.gamma} min={0} max={1} step={0.01} onChange={(v) => set({ gamma: v })} />
      )}
    </FieldGroup>
  );
}
