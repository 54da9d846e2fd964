import type { Experiment } from '../spec';
import type { FromWorker, ToWorker } from '../worker/protocol';
import type { AppState, AppStore } from '../ui/store';
import { setRunCommands } from '../ui/commands';
import { csvFiles } from '../ui/data/csv-files';
import { deleteCheckpoint, latestCheckpoint, putCheckpoint, type CheckpointRecord } from './checkpoint-store';

// Connects the store to the training worker. Learning rate, momentum and weight decay go to
// the running trainer as live changes. Other edits change the compiled step: before any
// training they re-initialise the run (debounced); once a run is under way, an edit that
// keeps the model (schedule, clipping, optimizer, batch size, epochs) pauses it and Resume
// continues it under the new settings from its checkpoint, and an edit that needs a new
// model asks first (the current run goes to the compare list). Each checkpoint the worker
// sends is kept in IndexedDB (checkpoint-store.ts) so a closed tab can resume. Worker
// messages are applied to the store in batches so a fast run does not re-render the charts
// on every step.

const LIVE_FIELDS = ['lr', 'momentum', 'weightDecay'] as const;
const INIT_DELAY_MS = 350;
const FLUSH_MS = 200;

/** The experiment minus the live fields: when this changes, the run starts over. */
function runKey(e: Experiment): string {
  const { lr: _lr, momentum: _m, weightDecay: _w, ...optimizer } = e.optimizer;
  return JSON.stringify({ ...e, optimizer });
}

/** What the trainable state depends on: equal keys mean a checkpoint of one fits the other. */
function modelKey(e: Experiment): string {
  return JSON.stringify({ seed: e.seed, data: e.data, model: e.model, loss: e.loss, backend: e.backend });
}

/**
 * Whether the run in the charts is under way, its state worth keeping on an edit: training
 * or paused after some steps.
 */
function underWay(s: AppState): boolean {
  // NOTE: after a NaN/Inf stop only live changes (learning rate, momentum, weight decay)
  // keep Resume on offer; any other edit starts over, as it always did.
  if (s.status === 'error') return false;
  const steps = s.progress.at(-1)?.step ?? s.checkpointStep ?? 0;
  return steps > 0 && (s.status === 'training' || s.status === 'paused');
}

export interface WorkerBridge {
  stop(): void;
  /** Tests only: the worker destroys its GPU device. */
  loseDevice(): void;
}

export function startWorkerBridge(store: AppStore): WorkerBridge {
  const worker = new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module' });
  const send = (m: ToWorker) => worker.postMessage(m);
  /** The run whose checkpoints are being kept (a new one per new run, not per resume). */
  let runId = String(Date.now());
  /** A checkpoint brought back from storage after a reload, until Resume hands it over. */
  let stored: CheckpointRecord | null = null;

  const keepCheckpoint = (m: Extract<FromWorker, { type: 'checkpoint' }>) => {
    const s = store.getState();
    const record: CheckpointRecord = {
      runId, savedAt: Date.now(), experiment: s.runExperiment ?? s.experiment, step: m.step, checkpoint: m.checkpoint,
      progress: s.progress.filter((p) => p.step <= m.step), evals: s.evals.filter((p) => p.step <= m.step),
    };
    stored = null;
    putCheckpoint(record).catch((e: unknown) => console.warn(`The checkpoint could not be kept in this browser: ${String(e)}`));
  };

  let pending: FromWorker[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    flushTimer = undefined;
    const batch = pending;
    pending = [];
    if (batch.length) store.getState().applyWorker(batch);
  };
  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    if (event.data.type === 'checkpoint') {
      // Applied first, so the record holds the points up to the checkpoint.
      flush();
      keepCheckpoint(event.data);
    }
    pending.push(event.data);
    const urgent = event.data.type !== 'progress' && event.data.type !== 'eval' && event.data.type !== 'loading';
    if (urgent) { clearTimeout(flushTimer); flushTimer = setTimeout(flush, 0); }
    else if (flushTimer === undefined) flushTimer = setTimeout(flush, FLUSH_MS);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    store.getState().applyWorker([{ type: 'error', kind: 'internal', message: `The training worker failed: ${event.message || 'unknown error'}` }]);
  };

  let initializedKey: string | null = null;
  let live: Record<string, number | undefined> = {};
  let initTimer: ReturnType<typeof setTimeout> | undefined;

  const initNow = () => {
    clearTimeout(initTimer);
    initTimer = undefined;
    const { experiment, validation } = store.getState();
    if (validation.errors.length > 0) return false;
    initializedKey = runKey(experiment);
    live = Object.fromEntries(LIVE_FIELDS.map((f) => [f, experiment.optimizer[f]]));
    runId = String(Date.now());
    stored = null;
    store.getState().beginRun();
    const file = experiment.data.dataset === 'csv' ? experiment.data.csv?.file : undefined;
    const bytes = file ? csvFiles.get(file) : undefined;
    send({ type: 'init', experiment, ...(file && bytes ? { files: { [file]: bytes } } : {}) });
    return true;
  };

  /** Makes sure the worker holds a trainer for the current experiment before a command. */
  const ensureInit = () => {
    const { experiment, status } = store.getState();
    if (initTimer !== undefined || initializedKey !== runKey(experiment) || status === 'error') return initNow();
    return true;
  };

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.experiment === prev.experiment) return;
    if (s.validation.errors.length > 0) {
      clearTimeout(initTimer);
      initTimer = undefined;
      if (initializedKey !== null && (s.status === 'training')) send({ type: 'pause' });
      initializedKey = null;
      return;
    }
    if (runKey(s.experiment) !== initializedKey) {
      const run = s.runExperiment;
      if (run && underWay(s)) {
        if (modelKey(s.experiment) === modelKey(run)) {
          // Same model: the run pauses; Resume continues it under the new settings.
          if (s.status === 'training') send({ type: 'pause' });
        } else if (!s.pendingNewRun) {
          s.setPendingNewRun(true);
        }
        return;
      }
      clearTimeout(initTimer);
      initTimer = setTimeout(initNow, INIT_DELAY_MS);
      return;
    }
    const changed = Object.fromEntries(LIVE_FIELDS.filter((f) => s.experiment.optimizer[f] !== live[f] && s.experiment.optimizer[f] !== undefined)
      .map((f) => [f, s.experiment.optimizer[f]]));
    if (Object.keys(changed).length > 0) {
      live = { ...live, ...changed };
      send({ type: 'hyper', hyper: changed });
    }
  });

  const resume = () => {
    const { experiment, validation } = store.getState();
    if (validation.errors.length > 0) return;
    clearTimeout(initTimer);
    initTimer = undefined;
    initializedKey = runKey(experiment);
    live = Object.fromEntries(LIVE_FIELDS.map((f) => [f, experiment.optimizer[f]]));
    store.setState({ runExperiment: experiment, pendingNewRun: false });
    const file = experiment.data.dataset === 'csv' ? experiment.data.csv?.file : undefined;
    const bytes = file ? csvFiles.get(file) : undefined;
    send({ type: 'resume', experiment, ...(stored ? { checkpoint: stored.checkpoint } : {}), ...(file && bytes ? { files: { [file]: bytes } } : {}) });
  };

  setRunCommands({
    train: () => { if (ensureInit()) send({ type: 'train' }); },
    resume,
    startNewRun: () => { initNow(); },
    keepCurrentRun: () => {
      const run = store.getState().runExperiment;
      store.getState().setPendingNewRun(false);
      if (run) store.getState().edit(() => run);
    },
    pause: () => send({ type: 'pause' }),
    step: () => { if (ensureInit()) send({ type: 'step' }); },
    reset: () => {
      if (!ensureInit()) return;
      void deleteCheckpoint(runId).catch(() => {});
      stored = null;
      send({ type: 'reset' });
      // The trainer's reset returns to the experiment's hyper-parameters; they already are the live ones.
    },
    selfTest: () => send({ type: 'selfTest' }),
  });

  initNow();
  // A tab closed mid-run: its latest checkpoint comes back, paused, when the link opens the same model.
  void latestCheckpoint().then((record) => {
    const s = store.getState();
    if (!record || modelKey(record.experiment) !== modelKey(s.experiment) || s.progress.length > 0 || s.status === 'training') return;
    stored = record;
    runId = record.runId;
    s.restoreRun(record);
  }, (e: unknown) => console.warn(`Stored checkpoints could not be read: ${String(e)}`));
  return {
    stop: () => { unsubscribe(); worker.terminate(); },
    loseDevice: () => send({ type: 'loseDevice' }),
  };
}
