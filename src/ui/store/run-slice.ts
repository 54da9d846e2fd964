import type { StateCreator } from 'zustand/vanilla';
import type { FromWorker, ReadyInfo, StartupPhase } from '../../worker/protocol';
import type { EvalMetrics, FinalMetrics, LayerHealth, ProgressMetrics } from '../../train/types';
import type { AppState } from './index';
import { formatValue } from '../format';
import type { Experiment } from '../../spec';
import { makeRecord, newRunId, statusOf } from './run-record';
import type { LrChange, RunWeights, StoredCheckpoint, StoredStatus } from './run-record';
import { nextRunNumber } from './history-slice';
import { measuredCurves } from './robustness-slice';
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
/**
 * Whether the run in the charts is under way, its state worth keeping on an edit: training
 * or paused after some steps.
 */
export function runUnderWay(s: AppState): boolean {
  // NOTE: after a NaN/Inf stop only live changes (learning rate, momentum, weight decay)
  // keep Resume on offer; any other edit starts over, as it always did.
  if (s.status === 'error') return false;
  const steps = s.progress.at(-1)?.step ?? s.checkpointStep ?? 0;
  return steps > 0 && (s.status === 'training' || s.status === 'paused');
}

/**
 * The whole experiment was replaced on purpose (a lesson, a confirmed preset): a run under way
 * goes to "Run history" and the new experiment starts from step 0, without the "Start a new
 * run?" question an edit gets, even where the model is the same (a lesson that only changes
 * the learning rate must not offer to Resume the previous lesson's run).
 */
export function startOverAfterReplacing(s: AppState): void {
  if (s.pendingNewRun || runUnderWay(s)) runCommands().startNewRun();
}

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
  /** The id of the run in the charts: its checkpoints are kept under it, and its "Run history" record has it. */
  runId: string;
  /** Step of the run's latest good checkpoint (Resume continues from it), or null. */
  checkpointStep: number | null;
  /** What happened to the run that the person should know (a lost GPU), or null. */
  runNotice: string | null;
  /** An edit needs a new model while a run is under way: the page asks before starting one. */
  pendingNewRun: boolean;
  setPendingNewRun(pending: boolean): void;
  /** A run brought back from the page's storage (a closed tab): paused at its checkpoint; `stored`: it is in "Run history" as it was then. */
  restoreRun(run: StoredCheckpoint, stored: boolean): void;
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
  const made = makeRecord({
    id: s.runId,
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
    measured: measuredCurves(s, s.runId),
  }, nextRunNumber(s.storedRuns));
  if (!made) return null;
  // Stored before and resumed since: the record is replaced, its number and name kept.
  const before = s.storedRuns.find((r) => r.id === made.id);
  const record = before ? { ...made, number: before.number, name: before.name } : made;
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
  runId: newRunId(),
  checkpointStep: null,
  runNotice: null,
  pendingNewRun: false,
  setPendingNewRun(pending) {
    set({ pendingNewRun: pending });
  },
  restoreRun(run, stored) {
    set({
      status: 'paused', checkpointStep: run.step, runExperiment: run.experiment, runId: run.runId, currentRunId: stored ? run.runId : null,
      final: null, error: null, runNotice: null, runStartedAt: null,
      runLrChange: null, progress: run.progress.filter((p) => p.step <= run.step), evals: run.evals.filter((p) => p.step <= run.step),
      events: [{ step: run.step, text: `Paused at step ${run.step} (brought back from this browser's storage)` }],
    });
  },
  beginRun() {
    get().endRun();
    set({ currentRunId: null, runExperiment: get().experiment, runId: newRunId(), runLrChange: null });
    set({
      status: 'preparing', loading: null, phase: null, info: null, progress: [], evals: [], health: [], events: [], final: null, error: null, startedAt: null, runStartedAt: null,
      checkpointStep: null, runNotice: null, pendingNewRun: false,
    });
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
    let { status, loading, phase, info, health, final, error, selfTest, startedAt, checkpointStep, runNotice, runId } = s;
    let progress: ProgressPoint[] | null = null;
    let evals: EvalPoint[] | null = null;
    let events: HistoryEntry[] | null = null;
    let { currentRunId, runExperiment, runLrChange } = s;
    let firstStart = s.runStartedAt;
    /** Stores the run in the charts in "Run history" (once), with the weights the worker holds now. */
    const keep = (f: FinalMetrics | null, how: StoredStatus, weights?: () => Promise<RunWeights | null>) => {
      if (currentRunId !== null) return currentRunId;
      return storeRun({ ...get(), info, runExperiment, runId, runLrChange, progress: progress ?? s.progress, evals: evals ?? s.evals, events: events ?? s.events, runStartedAt: firstStart }, f, how, weights);
    };
    const lastStep = () => (progress ?? s.progress).at(-1)?.step ?? 0;
    const log = (step: number, text: string) => { (events ??= [...s.events]).push({ step, text }); };
    for (const m of messages) {
      switch (m.type) {
        case 'loading': loading = { what: m.what, loaded: m.loaded, total: m.total }; break;
        case 'phase': phase = m.phase; break;
        case 'ready': {
          const { type: _t, ...rest } = m;
          // Rebuilt to resume (an edit, a new device, a closed tab): still paused at the checkpoint.
          info = rest; loading = null; phase = null; status = checkpointStep !== null && status !== 'preparing' ? 'paused' : 'ready'; error = null;
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
            runId = newRunId(); // a reset run is a new run
          }
          if (m.state === 'idle') { progress = []; evals = []; health = []; final = null; events = []; checkpointStep = null; log(0, 'Reset to the initial weights'); }
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
        case 'checkpoint': checkpointStep = m.step; break;
        case 'resumed':
          // The steps after the checkpoint are taken again: their points go. The run moves
          // on, so it is stored again (under its id, replacing its record) when it ends.
          progress = (progress ?? s.progress).filter((p) => p.step <= m.step);
          evals = (evals ?? s.evals).filter((p) => p.step <= m.step);
          checkpointStep = m.step; error = null; final = null; status = 'paused'; currentRunId = null;
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
      status, loading, phase, info, health, final, error, selfTest, startedAt, runStartedAt: firstStart, currentRunId, runExperiment, checkpointStep, runNotice, runId, runLrChange,
      ...(progress ? { progress: thin(progress) } : {}),
      ...(evals ? { evals: thin(evals) } : {}),
      ...(events ? { events } : {}),
    });
    get().applyInsight(messages);
  },
});
