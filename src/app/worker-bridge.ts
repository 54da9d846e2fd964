import type { Experiment } from '../spec';
import type { FromWorker, ToWorker } from '../worker/protocol';
import type { AppStore } from '../ui/store';
import { runUnderWay } from '../ui/store';
import { setRunCommands } from '../ui/commands';
import { setSpeedCommand } from '../ui/speed/commands';
import { setInsightCommands } from '../ui/insight/commands';
import { csvFiles, csvToChoose } from '../ui/data/csv-files';
import { recallCsv } from '../ui/data/csv-store';
import type { RunWeights } from '../ui/store/run-record';
import { setProbeCommands } from '../ui/insight/boundary/commands';
import type { BoundaryCheck } from '../worker/protocol';
import type { StoredCheckpoint } from '../ui/store/run-record';
import { forgetCheckpoint, keepCheckpoint, modelKey, storedCheckpointToOffer, weightsOf } from './page-checkpoints';
import { setAttackCommands, type Answer } from '../ui/insight/adversarial/commands';
import type { AttackExample, AttackFromWorker, RobustAccuracy } from '../worker/attack-protocol';

// Connects the store to the training worker. Learning rate, momentum and weight decay go to
// the running trainer as live changes. Other edits change the compiled step: before any
// training they re-initialise the run (debounced); once a run is under way, an edit that
// keeps the model (schedule, clipping, optimizer, batch size, epochs) pauses it and Resume
// continues it under the new settings from its checkpoint, and an edit that needs a new
// model asks first (the current run goes to "Run history"). Each checkpoint the worker sends
// is kept with its run in storage (page-checkpoints.ts) so a closed tab can resume. Worker
// messages are applied to the store in batches so a fast run does not re-render the charts
// on every step.

const LIVE_FIELDS = ['lr', 'momentum', 'weightDecay'] as const;
const INIT_DELAY_MS = 350;
const FLUSH_MS = 200;
/** Messages that can wait for the next batch: a stream of metrics, not an answer to a click. */
const BATCHED = new Set<FromWorker['type']>(['progress', 'eval', 'loading', 'classification', 'histograms']);

/** The experiment minus the live fields: when this changes, the run starts over. */
function runKey(e: Experiment): string {
  const { lr: _lr, momentum: _m, weightDecay: _w, ...optimizer } = e.optimizer;
  return JSON.stringify({ ...e, optimizer });
}


export interface WorkerBridge {
  stop(): void;
  /** Tests only: the worker destroys its GPU device. */
  loseDevice(): void;
}

export function startWorkerBridge(store: AppStore): WorkerBridge {
  const worker = new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module' });
  const send = (m: ToWorker) => worker.postMessage(m);
  /** A checkpoint brought back from storage after a reload, until Resume hands it to the worker. */
  let stored: StoredCheckpoint | null = null;

  let pending: FromWorker[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    flushTimer = undefined;
    const batch = pending;
    pending = [];
    if (batch.length) store.getState().applyWorker(batch);
  };
  let nextCheck = 1;
  const checks = new Map<number, (c: BoundaryCheck | null) => void>();
  // Answers to `weights` requests, by request id.
  const weightsWanted = new Map<number, (w: RunWeights | null) => void>();
  let nextWeightsId = 1;
  const requestWeights = () => new Promise<RunWeights | null>((resolve) => {
    // A run brought back from storage and not resumed: the worker does not hold it, its checkpoint does.
    if (stored) return resolve(weightsOf(stored.checkpoint));
    const id = nextWeightsId++;
    weightsWanted.set(id, resolve);
    send({ type: 'weights', id });
  });
  const projectsWanted = new Map<number, (r: { zip: Uint8Array } | { message: string }) => void>();
  const requestProject = () => new Promise<{ zip: Uint8Array } | { message: string }>((resolve) => {
    if (!ensureInit()) { resolve({ message: 'No run is ready: fix the experiment first.' }); return; }
    const id = nextWeightsId++;
    projectsWanted.set(id, resolve);
    send({ type: 'pytorchProject', id });
  });
  // Answers to the adversarial views' requests, by request id (they skip the store).
  const attackAnswers = new Map<number, (m: AttackFromWorker) => void>();
  let nextAttackId = 1;
  const ask = <T,>(request: (id: number) => ToWorker, value: (m: AttackFromWorker) => T | null) =>
    new Promise<Answer<T>>((resolve) => {
      const id = nextAttackId++;
      attackAnswers.set(id, (m) => {
        const v = value(m);
        resolve(v !== null ? { ok: true, value: v } : { ok: false, message: m.message ?? 'The attack failed.' });
      });
      send(request(id));
    });
  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    if (event.data.type === 'attackExample' || event.data.type === 'robustness') {
      attackAnswers.get(event.data.id)?.(event.data);
      attackAnswers.delete(event.data.id);
      return;
    }
    if (event.data.type === 'pytorchProject') {
      const { id, zip, message } = event.data;
      projectsWanted.get(id)?.(zip ? { zip } : { message: message ?? 'The project could not be made.' });
      projectsWanted.delete(id);
      return;
    }
    if (event.data.type === 'weights') {
      weightsWanted.get(event.data.id)?.(event.data.tensors);
      weightsWanted.delete(event.data.id);
      return;
    }
    const m = event.data;
    if (m.type === 'checkpoint') {
      // Applied first, so the record holds the points up to the checkpoint.
      clearTimeout(flushTimer);
      flush();
      stored = null;
      keepCheckpoint(store, m);
    }
    if (m.type === 'resumed') stored = null;
    if (m.type === 'done') forgetCheckpoint(store.getState().runId); // nothing left to resume
    if (m.type === 'ready') store.getState().forgetLiveKernels(); // a new run: the last one's samples are not its
    // The boundary's own messages skip the batching: the worker already paces them.
    if (m.type === 'plane') { store.getState().setPlane(m.plane); return; }
    if (m.type === 'weightsLoaded') { store.getState().setLoadedWeights(m.source && m.report ? { source: m.source, report: m.report } : null); return; }
    if (m.type === 'probe') { store.getState().setProbe(m.result); return; }
    if (m.type === 'attackArrows') { store.getState().setAttackArrows(m.arrows, m.message ?? null); return; }
    if (m.type === 'probeCheck') { checks.get(m.id)?.(m.check); checks.delete(m.id); return; }
    // The speed views' messages go straight to their slice (rare, never per step).
    if (m.type === 'speedProgress' || m.type === 'speedResult' || m.type === 'speedError') { store.getState().applySpeed(m); return; }
    pending.push(m);
    const urgent = !BATCHED.has(m.type) && !(m.type === 'lrFinder' && m.state === 'running');
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

  /** The CSV hash last looked up in storage, so a file storage does not have is asked for once. */
  let recalled: string | undefined;
  const initNow = () => {
    clearTimeout(initTimer);
    initTimer = undefined;
    const { experiment, validation } = store.getState();
    if (validation.errors.length > 0) return false;
    const csv = experiment.data.dataset === 'csv' ? experiment.data.csv : undefined;
    if (csv?.file && !csvFiles.has(csv.file) && csv.hash && recalled !== csv.hash) {
      // The file may be in storage (uploaded before a reload): look there first, then init.
      recalled = csv.hash;
      void recallCsv(csv).finally(() => { if (store.getState().experiment === experiment) initNow(); });
      return false;
    }
    // A CSV named by a link but not chosen here (nor stored): the page asks for it
    // (RunControls, CsvFields); the name is never sent off to be fetched. Choosing the file
    // edits the experiment: init then.
    if (csvToChoose(experiment) !== null) {
      if (initializedKey !== null && store.getState().status === 'training') send({ type: 'pause' });
      initializedKey = null;
      return false;
    }
    initializedKey = runKey(experiment);
    live = Object.fromEntries(LIVE_FIELDS.map((f) => [f, experiment.optimizer[f]]));
    stored = null;
    store.getState().beginRun();
    store.getState().setPlane(null);
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
      if (run && runUnderWay(s)) {
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
      // Store the run now, while the worker still holds its weights; its checkpoint goes (a reset starts over).
      store.getState().endRun();
      forgetCheckpoint(store.getState().runId);
      stored = null;
      send({ type: 'reset' });
      // The trainer's reset returns to the experiment's hyper-parameters; they already are the live ones.
    },
    selfTest: () => send({ type: 'selfTest' }),
    weights: requestWeights,
    pytorchProject: requestProject,
    loadWeights: (source, tensors) => { if (tensors === null || ensureInit()) send({ type: 'loadWeights', source, tensors }); },
  });
  setInsightCommands({
    findLr: () => {
      if (!ensureInit()) return;
      store.getState().startLrFinder();
      send({ type: 'findLr' });
    },
    predict: (id, pixels) => send({ type: 'predict', id, pixels }),
    // After a pending re-initialisation, so the snapshot describes the model on the page.
    featureImage: (index) => { if (ensureInit()) send({ type: 'featureImage', index }); },
  });

  setSpeedCommand((job) => {
    // The GEMM lab needs no model; the others measure the current experiment.
    if (job.kind !== 'gemm' && !ensureInit()) return false;
    store.getState().startSpeed(job.kind);
    send({ type: 'speed', job });
    return true;
  });

  setProbeCommands({
    setEnabled: (enabled) => send({ type: 'probe', enabled }),
    check: () => new Promise((resolve) => {
      const id = nextCheck++;
      checks.set(id, resolve);
      send({ type: 'probeCheck', id });
    }),
  });
  setAttackCommands({
    example: (image, attack) => ask<AttackExample>((id) => ({ type: 'attackExample', id, image, attack }), (m) => (m.type === 'attackExample' ? m.example : null)),
    robustness: (method, epsilons, steps) => ask<RobustAccuracy[]>((id) => ({ type: 'robustness', id, method, epsilons, steps }), (m) => (m.type === 'robustness' ? m.rows : null)),
    arrows: (attack) => send({ type: 'attackArrows', attack }),
  });
  if (!store.getState().boundaryOpen) send({ type: 'probe', enabled: false });

  initNow();
  // A tab closed mid-run: its latest checkpoint comes back, paused, when the link opens the same model.
  void storedCheckpointToOffer(store).then((record) => {
    if (!record) return;
    stored = record;
    store.getState().restoreRun(record, store.getState().storedRuns.some((r) => r.id === record.runId));
  }, (e: unknown) => console.warn(`Stored checkpoints could not be read: ${String(e)}`));
  return {
    stop: () => { unsubscribe(); worker.terminate(); },
    loseDevice: () => send({ type: 'loseDevice' }),
  };
}
