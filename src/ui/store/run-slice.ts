import type { StateCreator } from 'zustand/vanilla';
import type { FromWorker, ReadyInfo } from '../../worker/protocol';
import type { EvalMetrics, FinalMetrics, LayerHealth, ProgressMetrics } from '../../train/types';
import type { AppState } from './index';
import { formatValue } from '../format';
import type { Experiment } from '../../spec';
import { addRun, keepRun, relabel } from './compare';
import type { KeptRun } from './compare';

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
  info: ReadyInfo | null;
  progress: ProgressPoint[];
  evals: EvalPoint[];
  health: LayerHealth[];
  history: HistoryEntry[];
  final: FinalMetrics | null;
  error: RunError | null;
  selfTest: SelfTestState;
  /** Wall-clock ms when the worker last said training started, for the ETA. */
  startedAt: number | null;
  /** Earlier runs kept for comparison, newest first (at most 5). */
  runs: KeptRun[];
  /** The kept run that is also the one in the charts now (it finished), if any. */
  currentRunId: number | null;
  /** The experiment of the run in the charts, with its live changes. */
  runExperiment: Experiment | null;
  /** Step of the run's latest good checkpoint (Resume continues from it), or null. */
  checkpointStep: number | null;
  /** What happened to the run that the person should know (a lost GPU), or null. */
  runNotice: string | null;
  /** An edit needs a new model while a run is under way: the page asks before starting one. */
  pendingNewRun: boolean;
  setPendingNewRun(pending: boolean): void;
  /** A run brought back from the page's storage (a reload): paused at its checkpoint. */
  restoreRun(run: { step: number; progress: ProgressPoint[]; evals: EvalPoint[]; experiment: Experiment }): void;
  toggleRun(id: number): void;
  clearRuns(): void;
  applyWorker(messages: FromWorker[]): void;
  /** A new run is being prepared (the model or data changed): charts start over. */
  beginRun(): void;
  setRunError(error: RunError | null): void;
  startSelfTest(): void;
}

function thin<T>(points: T[]): T[] {
  return points.length > MAX_POINTS ? points.filter((_, i) => i % 2 === 0 || i === points.length - 1) : points;
}


export const createRunSlice: StateCreator<AppState, [], [], RunSlice> = (set, get) => ({
  status: 'idle',
  loading: null,
  info: null,
  progress: [],
  evals: [],
  health: [],
  history: [],
  final: null,
  error: null,
  selfTest: { running: false, ok: null, lines: [] },
  startedAt: null,
  runs: [],
  currentRunId: null,
  runExperiment: null,
  checkpointStep: null,
  runNotice: null,
  pendingNewRun: false,
  setPendingNewRun(pending) {
    set({ pendingNewRun: pending });
  },
  restoreRun(run) {
    set({
      status: 'paused', checkpointStep: run.step, runExperiment: run.experiment, currentRunId: null, final: null, error: null,
      progress: run.progress.filter((p) => p.step <= run.step), evals: run.evals.filter((p) => p.step <= run.step),
      history: [{ step: run.step, text: `Paused at step ${run.step} (restored from this browser's storage)` }],
    });
  },
  toggleRun(id) {
    set({ runs: get().runs.map((r) => (r.id === id ? { ...r, hidden: !r.hidden } : r)) });
  },
  clearRuns() {
    set({ runs: [], currentRunId: null });
  },
  beginRun() {
    const s = get();
    const kept = s.currentRunId === null ? keepRun(s.runExperiment ?? s.experiment, s.progress, s.evals, s.final) : null;
    set({ runs: kept ? addRun(s.runs, kept, s.experiment) : relabel(s.runs, s.experiment), currentRunId: null, runExperiment: s.experiment });
    set({
      status: 'preparing', loading: null, info: null, progress: [], evals: [], health: [], history: [], final: null, error: null, startedAt: null,
      checkpointStep: null, runNotice: null, pendingNewRun: false,
    });
  },
  setRunError(error) {
    set({ error, status: error ? 'error' : get().status });
  },
  startSelfTest() {
    set({ selfTest: { running: true, ok: null, lines: [] } });
  },
  applyWorker(messages) {
    const s = get();
    let { status, loading, info, health, final, error, selfTest, startedAt, checkpointStep, runNotice } = s;
    let progress: ProgressPoint[] | null = null;
    let evals: EvalPoint[] | null = null;
    let history: HistoryEntry[] | null = null;
    let { runs, currentRunId, runExperiment } = s;
    /** Keeps the run in the charts for comparison (once). */
    const keep = (f: FinalMetrics | null) => {
      if (currentRunId !== null) return null;
      const run = keepRun(runExperiment ?? s.experiment, progress ?? s.progress, evals ?? s.evals, f);
      if (run) runs = addRun(runs, run, s.experiment);
      return run?.id ?? null;
    };
    const lastStep = () => (progress ?? s.progress).at(-1)?.step ?? 0;
    const log = (step: number, text: string) => { (history ??= [...s.history]).push({ step, text }); };
    for (const m of messages) {
      switch (m.type) {
        case 'loading': loading = { what: m.what, loaded: m.loaded, total: m.total }; break;
        case 'ready': {
          const { type: _t, ...rest } = m;
          // Rebuilt to resume (an edit, a new device, a reload): still paused at the checkpoint.
          info = rest; loading = null; status = checkpointStep !== null && status !== 'preparing' ? 'paused' : 'ready'; error = null;
          break;
        }
        case 'state':
          if (m.state === 'training') {
            startedAt = Date.now();
            log(lastStep(), status === 'paused' ? 'Resumed' : 'Training started');
          } else if (m.state === 'paused' && status === 'training') log(lastStep(), 'Paused');
          if (m.state === 'idle') {
            keep(final);
            currentRunId = null;
            runExperiment = s.experiment;
            runs = relabel(runs, s.experiment);
          }
          if (m.state === 'idle') { progress = []; evals = []; health = []; final = null; history = []; checkpointStep = null; log(0, 'Reset to the initial weights'); }
          status = m.state === 'idle' ? 'ready' : m.state;
          break;
        case 'progress': {
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
          if (runExperiment && (status === 'training' || status === 'paused')) {
            runExperiment = { ...runExperiment, optimizer: { ...runExperiment.optimizer, [m.change.field]: m.change.value } };
          }
          log(m.change.step, `${m.change.field === 'lr' ? 'Learning rate' : m.change.field === 'momentum' ? 'Momentum' : 'Weight decay'} set to ${formatValue(m.change.value)}`); break;
        case 'done':
          final = m.final; status = 'done';
          currentRunId = keep(final);
          log(m.final.steps, `Finished (${m.final.reason === 'completed' ? 'all epochs' : m.final.reason})`);
          break;
        case 'error':
          error = { message: m.message, path: m.path, kind: m.kind }; status = 'error'; loading = null;
          if (m.kind === 'nonFinite') currentRunId = keep(null);
          log(lastStep(), `Stopped: ${m.message}`);
          break;
        case 'selfTest': selfTest = { running: false, ok: m.ok, lines: m.lines }; break;
        case 'checkpoint': checkpointStep = m.step; break;
        case 'resumed':
          // The steps after the checkpoint are taken again: their points go.
          progress = (progress ?? s.progress).filter((p) => p.step <= m.step);
          evals = (evals ?? s.evals).filter((p) => p.step <= m.step);
          checkpointStep = m.step; error = null; final = null; status = 'paused';
          if (currentRunId !== null) { runs = runs.filter((r) => r.id !== currentRunId); currentRunId = null; }
          log(m.step, `Back at the checkpoint of step ${m.step}`);
          break;
        case 'deviceLost':
          runNotice = m.message; error = null;
          if (status !== 'done') status = 'paused';
          log(lastStep(), 'GPU device lost');
          break;
        case 'deviceRestored':
          runNotice = m.finished
            ? `A new GPU device took over (${m.adapter}); the finished run's results are unchanged.`
            : m.sameAdapter
            ? `A new GPU device took over (${m.adapter}); training continues from the checkpoint of step ${m.step}.`
            : `A different GPU took over (${m.adapter}); press Resume to continue from the checkpoint of step ${m.step}.`;
          log(m.step, `New GPU device: ${m.adapter}`);
          break;
      }
    }
    set({
      status, loading, info, health, final, error, selfTest, startedAt, runs, currentRunId, runExperiment, checkpointStep, runNotice,
      ...(progress ? { progress: thin(progress) } : {}),
      ...(evals ? { evals: thin(evals) } : {}),
      ...(history ? { history } : {}),
    });
  },
});
