import { BACKENDS, EARLY_STOPPING_METRICS, LOSSES, RANGES } from '../../spec';
import type { Backend, EarlyStoppingMetric, Experiment, LossName, TrainingSpec } from '../../spec';
import { useApp } from '../store';
import { CheckField, FieldGroup, NumberField, Panel, SelectField } from '../fields';
import { OptimizerFields, ScheduleFields } from './OptimizerFields';
import { AdversarialFields } from './AdversarialFields';
import { FIELD_WORDS } from '../field-words';

const help = (path: keyof typeof FIELD_WORDS) => FIELD_WORDS[path].help;

const LOSS_LABELS: Record<LossName, string> = {
  softmaxCrossEntropy: 'Softmax cross-entropy', binaryCrossEntropy: 'Binary cross-entropy', mse: 'Mean squared error', huber: 'Huber',
};
const BACKEND_LABELS: Record<Backend, string> = { webgpu: 'WebGPU', cpu: 'CPU (TypeScript reference)', wasm: 'CPU (WebAssembly SIMD)' };

function without<T extends object, K extends keyof T>(o: T, key: K): Omit<T, K> {
  const { [key]: _drop, ...rest } = o;
  return rest;
}

/** Right column, top: loss, optimizer, schedule and the loop's settings. */
export function TrainingSettings() {
  const e = useApp((s) => s.experiment);
  const edit = useApp((s) => s.edit);
  const set = (patch: Partial<TrainingSpec>) => edit((x) => ({ ...x, training: { ...x.training, ...patch } }));
  const clear = (key: keyof TrainingSpec) => edit((x) => ({ ...x, training: without(x.training, key) as TrainingSpec }));
  const t = e.training;
  return (
    <Panel title="Training" className="panel-training">
      <FieldGroup title="Objective">
        <SelectField<LossName> label="Loss" help={help('loss')} value={e.loss} options={LOSSES.map((l) => ({ value: l, label: LOSS_LABELS[l] }))}
          onChange={(loss) => edit((x) => (loss === 'huber' ? { ...x, loss, huberDelta: x.huberDelta ?? 1 } : (without({ ...x, loss }, 'huberDelta') as Experiment)))} />
        {e.loss === 'huber' && <NumberField label="Huber delta" help={help('huberDelta')} value={e.huberDelta} range={RANGES.huberDelta} step={0.1} onChange={(v) => edit((x) => ({ ...x, huberDelta: v }))} />}
      </FieldGroup>
      <OptimizerFields />
      <ScheduleFields />
      <FieldGroup title="Loop">
        <NumberField label="Batch size" help={help('training.batchSize')} value={t.batchSize} range={RANGES.batchSize} step={1} onChange={(v) => set({ batchSize: v })} />
        <NumberField label="Epochs" help={help('training.epochs')} value={t.epochs} range={RANGES.epochs} step={1} onChange={(v) => set({ epochs: v })} />
        <NumberField label="Eval every (epochs)" help={help('training.evalEvery')} value={t.evalEvery} range={RANGES.evalEvery} step={1} onChange={(v) => set({ evalEvery: v })} />
        <NumberField label="Clip gradient norm" help={help('training.clipGradNorm')} value={t.clipGradNorm} range={RANGES.clipGradNorm} step={0.1} placeholder="off"
          onChange={(v) => set({ clipGradNorm: v })} onClear={() => clear('clipGradNorm')} />
        <NumberField label="Target loss" help={help('training.targetLoss')} value={t.targetLoss} range={RANGES.targetLoss} step={0.01} placeholder="none"
          onChange={(v) => set({ targetLoss: v })} onClear={() => clear('targetLoss')} />
        <NumberField label="Seed" help={help('seed')} value={e.seed} range={RANGES.seed} step={1} onChange={(v) => edit((x) => ({ ...x, seed: v }))} />
        <SelectField<Backend> label="Backend" help={help('backend')} value={e.backend} options={BACKENDS.map((b) => ({ value: b, label: BACKEND_LABELS[b] }))}
          onChange={(backend) => edit((x) => ({ ...x, backend }))} />
      </FieldGroup>
      <FieldGroup title="Early stopping">
        <CheckField label="Stop early" help={help('training.earlyStopping')} checked={!!t.earlyStopping}
          onChange={(on) => (on ? set({ earlyStopping: { metric: 'testLoss', patience: 5 } }) : clear('earlyStopping'))} />
        {t.earlyStopping && (
          <>
            <SelectField<EarlyStoppingMetric> label="Metric" help={help('training.earlyStopping.metric')} value={t.earlyStopping.metric} options={EARLY_STOPPING_METRICS}
              onChange={(metric) => set({ earlyStopping: { ...t.earlyStopping!, metric } })} />
            <NumberField label="Patience (evaluations)" help={help('training.earlyStopping.patience')} value={t.earlyStopping.patience} range={RANGES.patience} step={1}
              onChange={(patience) => set({ earlyStopping: { ...t.earlyStopping!, patience } })} />
          </>
        )}
      </FieldGroup>
      <AdversarialFields />
    </Panel>
  );
}
