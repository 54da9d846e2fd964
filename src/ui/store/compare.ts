import type { Experiment } from '../../spec';
import type { FinalMetrics } from '../../train/types';
import { decimate } from '../charts/series';
import { formatValue } from '../format';
import type { EvalPoint, ProgressPoint } from './run-slice';

// Earlier runs kept for comparison: each run's experiment, a label naming its settings and
// what differs from the experiment being edited, and its curves decimated to a few hundred points.

export const MAX_KEPT_RUNS = 5;
const KEPT_POINTS = 300;

export interface KeptRun {
  id: number;
  label: string;
  experiment: Experiment;
  /** Train loss per step. */
  train: { step: number; loss: number }[];
  evals: { step: number; testLoss: number; testAccuracy?: number; trainAccuracy?: number; testMse?: number }[];
  final: { steps: number; testLoss: number; testAccuracy?: number; testMse?: number };
  hidden: boolean;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** "adam lr 0.003 · batch 32 · seed 1234", then whatever else differs from `current`. */
export function runLabel(run: Experiment, current: Experiment): string {
  const parts = [`${run.optimizer.type} lr ${formatValue(run.optimizer.lr)}`, `batch ${run.training.batchSize}`, `seed ${run.seed}`];
  const o = run.optimizer as Record<string, unknown>;
  const c = current.optimizer as Record<string, unknown>;
  if (run.optimizer.type === current.optimizer.type) {
    for (const k of Object.keys(o)) if (k !== 'type' && k !== 'lr' && !same(o[k], c[k])) parts.push(`${k} ${typeof o[k] === 'number' ? formatValue(o[k] as number) : String(o[k])}`);
  }
  if (run.data.dataset !== current.data.dataset) parts.push(run.data.dataset);
  else if (!same(run.data, current.data)) parts.push('other data settings');
  if (!same(run.model, current.model)) parts.push(`model of ${run.model.layers.length} layers`);
  if (run.loss !== current.loss || run.huberDelta !== current.huberDelta) parts.push(run.loss);
  if (!same(run.schedule, current.schedule)) parts.push(`${run.schedule.type} schedule`);
  if (run.training.epochs !== current.training.epochs) parts.push(`${run.training.epochs} epochs`);
  const { epochs: _e, batchSize: _b, ...restRun } = run.training;
  const { epochs: _e2, batchSize: _b2, ...restCur } = current.training;
  if (!same(restRun, restCur)) parts.push('other loop settings');
  if (run.backend !== current.backend) parts.push(run.backend);
  return parts.join(' · ');
}

/** Labels against `current`, numbered where two runs would read the same. */
export function relabel(runs: KeptRun[], current: Experiment): KeptRun[] {
  const seen = new Map<string, number>();
  return [...runs].reverse().map((r) => {
    const base = runLabel(r.experiment, current);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { ...r, label: n > 1 ? `${base} (${n})` : base };
  }).reverse();
}

let nextRunId = 1;

/** A snapshot of the run in the charts, or null when it has no point yet. */
export function keepRun(experiment: Experiment, progress: ProgressPoint[], evals: EvalPoint[], final: FinalMetrics | null): KeptRun | null {
  if (progress.length === 0) return null;
  const last = evals.at(-1);
  const lastStep = progress.at(-1)!.step;
  return {
    id: nextRunId++,
    label: '',
    experiment,
    train: decimate(progress, KEPT_POINTS).map((p) => ({ step: p.step, loss: p.trainLoss })),
    evals: decimate(evals, KEPT_POINTS).map((e) => ({ step: e.step, testLoss: e.testLoss, testAccuracy: e.testAccuracy, trainAccuracy: e.trainAccuracy, testMse: e.testMse })),
    final: final
      ? { steps: final.steps, testLoss: final.testLoss, testAccuracy: final.testAccuracy, testMse: final.testMse }
      : { steps: lastStep, testLoss: last?.testLoss ?? NaN, testAccuracy: last?.testAccuracy, testMse: last?.testMse },
    hidden: false,
  };
}

/** Newest first, at most MAX_KEPT_RUNS. */
export function addRun(runs: KeptRun[], run: KeptRun | null, current: Experiment): KeptRun[] {
  return run ? relabel([run, ...runs].slice(0, MAX_KEPT_RUNS), current) : runs;
}

/** Distinct colours for kept runs, by id so a run keeps its colour. */
export const RUN_COLOURS = ['#7c3aed', '#db2777', '#0891b2', '#65a30d', '#b45309'] as const;
export const runColour = (id: number) => RUN_COLOURS[(id - 1) % RUN_COLOURS.length];
