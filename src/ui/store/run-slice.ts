import type { StateCreator } from 'zustand/vanilla';
import type { FromWorker, ReadyInfo, StartupPhase } from '../../worker/protocol';
import type { EvalMetrics, FinalMetrics, LayerHealth, ProgressMetrics } from '../../train/types';
import type { AppState } from './index';
import { formatValue } from '../format';
import type { Experiment } from '../../spec';
import { makeRecord, statusOf } from './run-record';
import type { LrChange, RunWeights, StoredStatus } from './run-record';
import { nextRunNumber } from './history-slice';
import { runCommands } from '../commands';

// The current training run as the worker reports it. Worker messages arrive in batches
// (the bridge flushes at most a few times a second) so charts re-render rarely.

export type RunStatus = 'idle' | 'preparing' | 'ready' | 'training' | 'paused' | 'done' | 'error';

export type ProgressPoint = Omit<ProgressMetrics, 'kind'>;
export type EvalPoint = Omit<EvalMetrics, 'kind' | 'layers'>;

export interface HistoryEntry {
  step: number;
  text: string;
}

export interface RunError {
  message: string;
  path?: string;
  kind: string;
}

export interface SelfTestState {
  running: boolean;
  ok: boolean | null;
  lines: string[];
}

/** Points kept per series; older ones are thinned 2:1 beyond this (charts show ~500). */
export const MAX_POINTS = 4000;

export interface RunSlice {
  status: RunStatus;
  loading: { what: string; loaded: number; total: number } | null;
  /** What the run is busy with until its first step lands ("uploading data"). */
  phase: StartupPhase | null;
  info: ReadyInfo | null;
  progress: ProgressPoint[];
  evals: EvalPoint[];
  health: LayerHealth[];
  /** The run's events ("Run events"): starts, pauses, live hyper-parameter changes, the end. */
  events: HistoryEntry[];
  final: FinalMetrics | null;
  error: RunError | null;
  selfTest: SelfTestState;
  /** Wall-clock ms when the worker last said training started, for the ETA. */
  startedAt: number | null;
  /** Wall-clock ms when the run in the charts first started training (its stored timings). */
  runStartedAt: number | null;
  /** The stored run ("Run history") that is also the one in the charts now (it ended), if any. */
  currentRunId: string | null;
  /** The experiment of the run in the charts, with its live changes. */
  runExperiment: Experiment | null;
  /** The run's first live learning-rate change after it started (its name keeps the start value). */
  runLrChange: LrChange | null;
  applyWorker(messages: FromWorker[]): void;
  /** A new run is being prepared (the model or data changed): charts start over. */
  beginRun(): void;
  /** Stores the run in the charts as stopped, unless it is stored already (before a reset). */
  endRun(): void;
  setRunError(error: RunError | null): void;
  startSelfTest(): void;
}

function thin<T>(points: T[]): T[] {
  return points.length > MAX_POINTS ? points.filter((_, i) => i % 2 === 0 || i === points.length - 1) : points;
}


/** Records the run in the charts in "Run history"; its id, or null when it has no point. */
function storeRun(s: AppState, final: FinalMetrics | null, status: StoredStatus, weights?: () => Promise<RunWeights | null>): string | null {
  const record = makeRecord({
    experiment: s.runExperiment ?? s.experiment,
    progress: s.progress,
    evals: s.evals,
    events: s.events,
    final,
    status,
    params: s.info?.summary.totalParams ?? null,
    adapter: s.info?.adapter.label ?? null,
    startedAt: s.runStartedAt,
    lrChange: s.runLrChange,
  }, nextRunNumber(s.storedRuns));
  if (!record) return null;
  void s.recordRun(record, weights?.());
  return record.id;
}

export const createRunSlice: StateCreator<AppState, [], [], RunSlice> = (set, get) => ({
  status: 'idle',
  loading: null,
  phase: null,
  info: null,
  progress: [],
  evals: [],
  health: [],
  events: [],
  final: null,
  error: null,
  selfTest: { running: false, ok: null, lines: [] },
  startedAt: null,
  runStartedAt: null,
  currentRunId: null,
  runExperiment: null,
  runLrChange: null,
  beginRun() {
    get().endRun();
    set({ currentRunId: null, runExperiment: get().experiment, runLrChange: null });
    set({ status: 'preparing', loading: null, phase: null, info: null, progress: [], evals: [], health: [], events: [], final: null, error: null, startedAt: null, runStartedAt: null });
    get().applyInsight([{ type: 'state', state: 'idle' }]);
  },
  endRun() {
    const s = get();
    if (s.currentRunId === null) storeRun(s, s.final, 'stopped', () => runCommands().weights());
  },
  setRunError(error) {
    set({ error, status: error ? 'error' : get().status });
  },
  startSelfTest() {
    set({ selfTest: { running: true, ok: null, lines: [] } });
  },
  applyWorker(messages) {
    const s = get();
    let { status, loading, phase, info, health, final, error, selfTest, startedAt } = s;
    let progress: ProgressPoint[] | null = null;
    let evals: EvalPoint[] | null = null;
    let events: HistoryEntry[] | null = null;
    let { currentRunId, runExperiment, runLrChange } = s;
    let firstStart = s.runStartedAt;
    /** Stores the run in the charts in "Run history" (once), with the weights the worker holds now. */
    const keep = (f: FinalMetrics | null, how: StoredStatus, weights?: () => Promise<RunWeights | null>) => {
      if (currentRunId !== null) return currentRunId;
      return storeRun({ ...get(), info, runExperiment, runLrChange, progress: progress ?? s.progress, evals: evals ?? s.evals, events: events ?? s.events, runStartedAt: firstStart }, f, how, weights);
    };
    const lastStep = () => (progress ?? s.progress).at(-1)?.step ?? 0;
    const log = (step: number, text: string) => { (events ??= [...s.events]).push({ step, text }); };
    for (const m of messages) {
      switch (m.type) {
        case 'loading': loading = { what: m.what, loaded: m.loaded, total: m.total }; break;
        case 'phase': phase = m.phase; break;
        case 'ready': {
          const { type: _t, ...rest } = m;
          info = rest; loading = null; phase = null; status = 'ready'; error = null;
          break;
        }
        case 'state':
          if (m.state === 'training') {
            startedAt = Date.now();
            firstStart ??= startedAt;
            log(lastStep(), status === 'paused' ? 'Resumed' : 'Training started');
          } else if (m.state === 'paused' && status === 'training') log(lastStep(), 'Paused');
          if (m.state === 'idle') {
            // Reset: the weights are the initial ones by now, so a run not stored yet goes without them.
            keep(final, statusOf(final, false));
            currentRunId = null;
            runExperiment = s.experiment;
            runLrChange = null;
            firstStart = null;
          }
          if (m.state === 'idle') { progress = []; evals = []; health = []; final = null; events = []; log(0, 'Reset to the initial weights'); }
          status = m.state === 'idle' ? 'ready' : m.state;
          if (m.state !== 'training') phase = null;
          break;
        case 'progress': {
          phase = null;
          const { kind: _k, ...point } = m.metrics;
          (progress ??= [...s.progress]).push(point);
          break;
        }
        case 'eval': {
          const { kind: _k, layers, ...point } = m.metrics;
          (evals ??= [...s.evals]).push(point);
          health = layers;
          break;
        }
        case 'hyper':
          // A change before the first step (ready) is part of the run too: the trainer applies it.
          if (runExperiment && (status === 'training' || status === 'paused' || status === 'ready')) {
            // A change before the first step is where the run starts; a later one is a change.
            if (m.change.field === 'lr' && m.change.step > 0 && runLrChange === null && m.change.value !== runExperiment.optimizer.lr) {
              runLrChange = { from: runExperiment.optimizer.lr, step: m.change.step };
            }
            runExperiment = { ...runExperiment, optimizer: { ...runExperiment.optimizer, [m.change.field]: m.change.value } };
          }
          log(m.change.step, `${m.change.field === 'lr' ? 'Learning rate' : m.change.field === 'momentum' ? 'Momentum' : 'Weight decay'} set to ${formatValue(m.change.value)}`); break;
        case 'done':
          final = m.final; status = 'done';
          log(m.final.steps, `Finished (${m.final.reason === 'completed' ? 'all epochs' : m.final.reason})`);
          currentRunId = keep(final, statusOf(final, false), () => runCommands().weights());
          break;
        case 'error':
          error = { message: m.message, path: m.path, kind: m.kind }; status = 'error'; loading = null; phase = null;
          log(lastStep(), `Stopped: ${m.message}`);
          if (m.kind === 'nonFinite') currentRunId = keep(null, 'diverged', () => runCommands().weights());
          break;
        case 'selfTest': selfTest = { running: false, ok: m.ok, lines: m.lines }; break;
      }
    }
    set({
      status, loading, phase, info, health, final, error, selfTest, startedAt, runStartedAt: firstStart, currentRunId, runExperiment, runLrChange,
      ...(progress ? { progress: thin(progress) } : {}),
      ...(evals ? { evals: thin(evals) } : {}),
      ...(events ? { events } : {}),
    });
    get().applyInsight(messages);
  },
});
