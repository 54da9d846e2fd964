import type { Experiment } from '../../spec';
import type { FinalMetrics } from '../../train/types';
import type { NamedTensor } from '../../train/safetensors';
import type { TrainingCheckpoint } from '../../worker/protocol';
import { formatValue } from '../format';
import type { EvalPoint, HistoryEntry, ProgressPoint } from './run-slice';
import type { RobustnessCurve } from './robustness-record';

// One stored run: everything the "Run history" list shows and what a reload needs to compare
// it again. The weights are stored apart from the record (their own key), so loading the list
// stays cheap; the run's latest checkpoint (the training state to resume from) goes beside
// them the same way (key `checkpoint:<id>`, StoredCheckpoint below).

/** Points kept per stored series: enough for the charts (they draw ~500), bounded in storage. */
export const STORED_POINTS = 2000;

export type StoredStatus = 'finished' | 'stopped' | 'diverged';

export interface StoredFinal {
  steps: number;
  epochs?: number;
  trainLoss?: number;
  testLoss: number;
  testAccuracy?: number;
  testMse?: number;
}

export interface StoredRun {
  /** Version of this record's layout. */
  format: 1;
  id: string;
  /** The n of the default name "Run n · …"; kept when the run is renamed. */
  number: number;
  name: string;
  /** Wall-clock ms when the run was stored (it ended). */
  endedAt: number;
  /** Wall-clock ms when training first started, if it did. */
  startedAt: number | null;
  status: StoredStatus;
  /** The experiment as trained, with the live changes (lr, momentum, weight decay) made while it ran. */
  experiment: Experiment;
  params: number | null;
  adapter: string | null;
  backend: Experiment['backend'];
  timings: { seconds: number | null; samplesPerSec: number | null; msPerStep: number | null };
  metrics: { progress: ProgressPoint[]; evals: EvalPoint[] };
  final: StoredFinal;
  /** The run's events ("Run events"): starts, pauses, live changes, the end. */
  events: HistoryEntry[];
  /** True once its final weights are stored (key `weights:<id>`). */
  hasWeights: boolean;
  /** Robustness curves measured on its final weights (one per attack method); absent when never measured. */
  robustness?: RobustnessCurve[];
}

export type RunWeights = NamedTensor[];

/**
 * A run's latest checkpoint as the page keeps it (key `checkpoint:<runId>`, beside the run's
 * record and weights, deleted with them): what a closed tab needs to resume the run.
 */
export interface StoredCheckpoint {
  /** The id the run has (or will have) in "Run history". */
  runId: string;
  /** Date.now() when it was kept: the newest is the one a reloaded page offers. */
  savedAt: number;
  /** The run's experiment, live changes included. */
  experiment: Experiment;
  step: number;
  checkpoint: TrainingCheckpoint;
  /** The charts' points up to the checkpoint's step. */
  progress: ProgressPoint[];
  evals: EvalPoint[];
}

/** Evenly spread points so at most `max` remain; the first and last always stay. */
export function thinTo<T>(points: readonly T[], max = STORED_POINTS): T[] {
  if (points.length <= max) return [...points];
  const out: T[] = [];
  const stride = (points.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(points[Math.round(i * stride)]);
  return out;
}

/** The learning rate a run started with and the step of its first live change (lr set while it trained). */
export interface LrChange {
  from: number;
  step: number;
}

/**
 * "Run 3 · adam lr 0.003 · spiral": the learning rate the run started with, and, when it was
 * changed live, from which step ("adam lr 0.01, changed at step 120"), since the experiment
 * keeps the last value.
 */
export function defaultRunName(number: number, e: Experiment, lrChange: LrChange | null = null): string {
  const data = e.data.dataset === 'csv' && e.data.csv?.file ? e.data.csv.file : e.data.dataset;
  const lr = lrChange ? `${formatValue(lrChange.from)}, changed at step ${lrChange.step}` : formatValue(e.optimizer.lr);
  return `Run ${number} · ${e.optimizer.type} lr ${lr} · ${data}`;
}

export interface RunSnapshot {
  /** The run's id when it has one already (its checkpoints are kept under it); else a new one. */
  id?: string;
  experiment: Experiment;
  progress: ProgressPoint[];
  evals: EvalPoint[];
  events: HistoryEntry[];
  final: FinalMetrics | null;
  status: StoredStatus;
  params: number | null;
  adapter: string | null;
  startedAt: number | null;
  lrChange?: LrChange | null;
  /** Curves measured on the run so far: kept when measured at its last step (on the weights it ends with). */
  measured?: readonly RobustnessCurve[];
}

let idCounter = 0;
/** Unique across tabs and reloads: time, a random part and a counter. */
export function newRunId(now = Date.now()): string {
  return `${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}-${(idCounter++).toString(36)}`;
}

/** The record of a run that ended, or null when it has no point to show. */
export function makeRecord(run: RunSnapshot, number: number, now = Date.now()): StoredRun | null {
  if (run.progress.length === 0) return null;
  const lastProgress = run.progress.at(-1)!;
  const lastEval = run.evals.at(-1);
  const f = run.final;
  const final: StoredFinal = f
    ? { steps: f.steps, epochs: f.epochs, trainLoss: f.trainLoss, testLoss: f.testLoss, testAccuracy: f.testAccuracy, testMse: f.testMse }
    : { steps: lastProgress.step, epochs: lastProgress.epoch, trainLoss: lastProgress.trainLoss, testLoss: lastEval?.testLoss ?? NaN, testAccuracy: lastEval?.testAccuracy, testMse: lastEval?.testMse };
  const seconds = f?.seconds ?? (run.startedAt !== null ? (now - run.startedAt) / 1000 : null);
  return {
    format: 1,
    id: run.id ?? newRunId(now),
    number,
    name: defaultRunName(number, run.experiment, run.lrChange ?? null),
    endedAt: now,
    startedAt: run.startedAt,
    status: run.status,
    experiment: run.experiment,
    params: run.params,
    adapter: run.adapter,
    backend: run.experiment.backend,
    timings: { seconds, samplesPerSec: f?.samplesPerSec ?? lastProgress.samplesPerSec, msPerStep: lastProgress.msPerStep },
    metrics: { progress: thinTo(run.progress), evals: thinTo(run.evals) },
    final,
    events: run.events.slice(-200),
    hasWeights: false,
    ...robustnessAt(run.measured, lastProgress.step),
  };
}

/** The record's field for curves measured at `step`; nothing (no key) when there are none. */
function robustnessAt(curves: readonly RobustnessCurve[] | undefined, step: number): { robustness?: RobustnessCurve[] } {
  const kept = (curves ?? []).filter((c) => c.step === step);
  return kept.length ? { robustness: kept } : {};
}

/** "finished", "stopped" or "diverged" from how the run ended. */
export function statusOf(final: FinalMetrics | null, diverged: boolean): StoredStatus {
  if (diverged) return 'diverged';
  return final && final.reason !== 'stopped' ? 'finished' : 'stopped';
}
