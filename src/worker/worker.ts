/// <reference lib="webworker" />
// The training worker: owns the backend (GPU device), the data and the trainer. The page
// sends commands (protocol.ts) and only renders what comes back, so the main thread never
// blocks on training. It keeps the run's latest good checkpoint: Resume after an edit and a
// lost GPU device rebuild the run from it (a new device is requested, and on the same
// adapter training goes on by itself).
import type { Backend } from '../engine/backend';
import { openBackend, runSelfTest, type BackendChoice } from '../train/backend-select';
import { Trainer } from '../train/trainer';
import { GpuFaultError, NonFiniteError } from '../train/types';
import type { TrainEvent } from '../train/types';
import { DataLoadError, fetchIo, loadDataset, pageDataIo } from '../data';
import type { DataIo, Split } from '../data';
import { projectData } from '../experiment/export/data-files';
import { projectZip } from '../experiment/export/project';
import { encodeSafetensors, type NamedTensor } from '../train/safetensors';
import { validateExperiment } from '../experiment';
import { prepareRun, RunRefusedError, type PreparedRun } from '../experiment/prepare-run';
import type { Experiment } from '../spec';
import type { SavedTrainingState } from '../train/training-state';
import type { CheckpointReason } from '../train/checkpoint-keeper';
import type { AdapterReport, FromWorker, ToWorker } from './protocol';
import { runSpeedJob } from './speed';
import type { SpeedJob } from './speed-protocol';
import { ProbeDriver, boundaryCheck } from './probe-driver';
import { InsightReporter } from './insight';
import { StartWeights } from './start-weights';
import { AttackReporter } from './attack';
import type { AttackRequest } from './attack-protocol';
import { KERNEL_SAMPLE_EVERY, liveKernelsResult } from './kernel-sample';
import type { ProgressMetrics } from '../train/types';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: FromWorker) => scope.postMessage(m);

type Opened = { backend: Backend; adapter: AdapterReport };
const backends = new Map<BackendChoice, Promise<Opened>>();
let trainer: Trainer | null = null;
/** The run's classification results, histograms, drawing and lr finder (insight.ts). */
let insight: InsightReporter | null = null;
/** The adversarial views (attack.ts). */
let attacks: AttackReporter | null = null;
let running: Promise<void> | null = null;
let finished = false;
let dataCache: { key: string; split: Promise<Split> } | null = null;
/** The experiment and data of the current run, for the speed views' own trainers. */
let current: { experiment: Experiment; split: Split } | null = null;
/** The decision boundary's refreshes for the current run (2-D data only). */
let probes: ProbeDriver | null = null;
let probesEnabled = true;
/** The page's attack arrows over the boundary (null: off); a new run's probe takes them up. */
let arrowAttack: AttackRequest | null = null;
/** The run's latest timed progress report: the live kernel samples carry its rates. */
let lastTimed: ProgressMetrics | null = null;
let runSplit: Split | null = null;
/** The run's experiment and files as last initialised: what a new device rebuilds. */
let setup: { experiment: Experiment; files?: Record<string, Uint8Array>; key: string } | null = null;
/** The run's latest good checkpoint (what a lost device, or Resume after an edit, restores). */
let checkpoint: SavedTrainingState | null = null;
/** Whether the person wants the run to train (Train/Resume pressed, no Pause, not ended): a new device then goes on by itself. */
let trainingWanted = false;
/** Counts runs set up; a run's events are posted only while it is the current one. */
let generation = 0;
/** Resolves when the device of the current run is lost (never, on the CPU). */
let deviceLost: Promise<string> | null = null;
/** How long a run on a lost device may take to settle before it is given up. */
const LOST_RUN_SETTLE_MS = 3000;
/** The current run's weights before its first step and its data files (the PyTorch project). */
let exportBase: { initial: NamedTensor[]; io: DataIo } | null = null;
const startWeights = new StartWeights(post);

/** Back to the start of the run: the seed's initial weights, or the loaded ones. */
async function restart(t: Trainer): Promise<void> {
  await t.reset();
  await startWeights.apply(t);
}
/** The current trainer's step plan is traced (its first step has landed). */
let stepTraced = false;

function getBackend(kind: BackendChoice): Promise<Opened> {
  let hit = backends.get(kind);
  if (!hit) {
    hit = openBackend(kind, { onDeviceError: (m) => console.warn(`[webgpu] ${m}`) });
    backends.set(kind, hit);
    hit.then((o) => watchDeviceLoss(kind, o), () => backends.delete(kind));
  }
  return hit;
}

function watchDeviceLoss(kind: BackendChoice, opened: Opened): void {
  const lost = (opened.backend as { ctx?: { lost?: Promise<string> } }).ctx?.lost;
  const entry = backends.get(kind);
  lost?.then((message) => {
    if (backends.get(kind) !== entry) return;
    backends.delete(kind);
    const dead = trainer;
    const deadRun = running;
    const wasFinished = finished;
    trainer = null;
    running = null;
    insight = null;
    post({ type: 'deviceLost', message: `The GPU device was lost (${message}). Training paused; requesting a new device to continue from the last checkpoint.` });
    if (!wasFinished) post({ type: 'state', state: 'paused' });
    // The dead run's reads fail; its outcome is ignored (it is no longer `trainer`).
    queue = queue.then(async () => {
      await Promise.race([deadRun, new Promise((r) => setTimeout(r, LOST_RUN_SETTLE_MS))]);
      try { dead?.dispose(); } catch { /* its buffers went with the device */ }
      await recover(kind, opened.adapter.label, trainingWanted, wasFinished);
    });
  });
}

/** After a lost device: a new one, the run rebuilt on it from the last checkpoint, and on. */
async function recover(kind: BackendChoice, lostAdapter: string, wasTraining: boolean, wasFinished: boolean): Promise<void> {
  if (!setup || kind !== setup.experiment.backend) return;
  const saved = checkpoint;
  await init(setup.experiment, setup.files, { keepCheckpoint: true });
  if (!trainer) return; // init reported why
  const { adapter } = await getBackend(kind);
  const sameAdapter = adapter.label === lostAdapter;
  if (wasFinished) {
    // Nothing left to train: the finished run's results stand; Train starts a new one.
    finished = true;
    post({ type: 'deviceRestored', step: trainer.stepsDone, sameAdapter, adapter: adapter.label, finished: true });
    post({ type: 'state', state: 'done' });
    return;
  }
  if (saved) await trainer.restore(saved);
  const step = trainer.stepsDone;
  post({ type: 'resumed', step });
  post({ type: 'deviceRestored', step, sameAdapter, adapter: adapter.label, finished: false });
  if (wasTraining && sameAdapter) await train();
  else post({ type: 'state', state: 'paused' });
}

/** The experiment minus the live hyperparameters: equal keys can share one trainer. */
function trainerKey(e: Experiment): string {
  const { lr: _lr, momentum: _m, weightDecay: _w, ...optimizer } = e.optimizer;
  return JSON.stringify({ ...e, optimizer });
}

/** Built-in files from the app's own site; a CSV only from the files the page sent, never fetched by name. */
function dataIo(files: Record<string, Uint8Array> | undefined, onProgress?: DataIo['onProgress']): DataIo {
  return pageDataIo(files ?? {}, fetchIo(scope.location.href, { onProgress }));
}

function loadSplit(experiment: Experiment, files: Record<string, Uint8Array> | undefined): Promise<Split> {
  const key = JSON.stringify([experiment.data, experiment.seed]);
  if (dataCache?.key === key && !files) return dataCache.split;
  let lastPost = 0;
  const io = dataIo(files, (loaded, total, path) => {
    const now = performance.now();
    if (now - lastPost < 100 && loaded !== total) return;
    lastPost = now;
    post({ type: 'loading', what: path.split('/').pop() ?? path, loaded, total });
  });
  const split = loadDataset(experiment.data, experiment.seed, io);
  dataCache = { key, split };
  split.catch(() => { if (dataCache?.split === split) dataCache = null; });
  return split;
}

async function stopRun(): Promise<void> {
  trainer?.pause();
  if (running) await running;
}

async function init(raw: Experiment, files?: Record<string, Uint8Array>, options: { keepCheckpoint?: boolean } = {}): Promise<void> {
  // The old run stops without a word: what it still reports (its pause checkpoint, its
  // last progress) belongs to a run the page has already put away.
  const old = trainer;
  trainer = null;
  const gen = ++generation;
  old?.pause();
  if (running) await running;
  try { await probes?.dispose(); } catch { /* a lost device took its buffers */ }
  probes = null;
  old?.dispose();
  current = null;
  exportBase = null;
  insight = null;
  trainingWanted = false;
  attacks = null;
  finished = false;
  setup = { experiment: raw, files, key: trainerKey(raw) };
  if (!options.keepCheckpoint) checkpoint = null;
  const checked = validateExperiment(raw);
  if (!checked.experiment) {
    const [first] = checked.errors;
    post({ type: 'error', kind: 'invalid', path: first?.path, message: checked.errors.map((e) => e.message).join(' ') });
    return;
  }
  const experiment = checked.experiment;
  // The backend opens while the data loads (both are cached across runs).
  const opening = getBackend(experiment.backend);
  stepTraced = experiment.backend !== 'webgpu'; // the CPU backends run their step eagerly: nothing to trace
  let run: PreparedRun<Opened, Trainer>;
  try {
    post({ type: 'phase', phase: 'loading data' });
    run = await prepareRun(experiment, {
      loadData: (e) => loadSplit(e, files),
      openBackend: () => opening,
      createTrainer: async (e, options) => {
        post({ type: 'phase', phase: 'uploading data' });
        const reporter: { current: InsightReporter | null } = { current: null };
        const t = await Trainer.create(e, {
          ...options,
          onCheckpoint: (c, why) => { if (gen === generation) onCheckpoint(c, why); },
          kernelSampleEvery: KERNEL_SAMPLE_EVERY,
          onKernelSample: (sample) => {
            if (gen !== generation || !trainer) return;
            const batchSize = trainer.batchSize;
            const rates = lastTimed;
            void opening.then(({ adapter }) => post({ type: 'speedResult', result: liveKernelsResult(sample, adapter, batchSize, rates) }));
          },
          keepTestOutputs: InsightReporter.wantsOutputs(options.split),
          // The views must not stop training: a failure there is logged, not thrown into the loop.
          onEvaluated: (metrics, outputs, inspector) => reporter.current?.onEvaluated(metrics, outputs, inspector).catch((err: unknown) => console.error('[insight]', err)),
        });
        reporter.current = insight = new InsightReporter(t, e, options.split, post);
        attacks = new AttackReporter(t, e, options.split, post);
        return t;
      },
      onEvent: (e) => { if (gen === generation) onEvent(e); },
    });
  } catch (e) {
    if (!(e instanceof RunRefusedError)) throw e;
    post({ type: 'error', kind: 'invalid', path: e.issues[0]?.path, message: e.message });
    return;
  }
  trainer = run.trainer;
  lastTimed = null;
  await startWeights.apply(trainer);
  current = { experiment: run.experiment, split: run.split };
  deviceLost = (run.opened.backend as { ctx?: { lost?: Promise<string> } }).ctx?.lost ?? null;
  const { opened: { adapter, backend }, split } = run;
  post({
    type: 'ready', adapter, summary: trainer.summary, trainSize: split.train.n, testSize: split.test.n,
    stepsPerEpoch: trainer.stepsPerEpoch, totalSteps: trainer.totalSteps,
  });
  runSplit = split;
  exportBase = { initial: await trainer.exportWeights(), io: dataIo(files) };
  probes = ProbeDriver.create(backend, trainer, split, (m, transfer) => scope.postMessage(m, transfer));
  if (probes) { probes.enabled = probesEnabled; probes.arrows.set(arrowAttack); await probes.refresh(); }
}

function onCheckpoint(c: SavedTrainingState, reason: CheckpointReason): void {
  checkpoint = c;
  post({ type: 'checkpoint', step: c.step, reason, checkpoint: c });
}

/**
 * Resume: on from the trainer's state when it already holds the run under this experiment;
 * else the run is rebuilt under it (the hyperparameters changed) from the last checkpoint.
 */
async function resume(m: Extract<ToWorker, { type: 'resume' }>): Promise<void> {
  if (running) return;
  const saved = m.checkpoint ?? checkpoint;
  if (trainer && setup?.key === trainerKey(m.experiment) && !finished && !m.checkpoint) {
    post({ type: 'resumed', step: trainer.stepsDone });
    await train();
    return;
  }
  await init(m.experiment, m.files, { keepCheckpoint: true });
  if (!trainer) return;
  if (saved) {
    try {
      await trainer.restore(saved);
    } catch (e) {
      post({ type: 'error', kind: 'invalid', message: `The checkpoint does not fit this model, so the run cannot resume: ${(e as Error).message}` });
      return;
    }
    checkpoint = saved;
    await probes?.refresh();
  }
  post({ type: 'resumed', step: trainer.stepsDone });
  await train();
}

/** The current run as a PyTorch project zip: its weights now (read between two steps) and before its first step. */
async function pytorchProject(): Promise<Uint8Array> {
  const t = trainer;
  if (!t || !current || !exportBase) throw new Error('No run is ready: fix the experiment first.');
  const { experiment, split } = current;
  const weights = await t.inspect(() => t.exportWeights());
  const meta = { seed: String(experiment.seed), dataset: experiment.data.dataset };
  return projectZip({
    experiment, inputShape: split.train.inputShape, task: split.train.task, stats: split.stats,
    data: await projectData(experiment, exportBase.io),
    initial: encodeSafetensors(exportBase.initial, { ...meta, initial: 'true' }),
    weights: encodeSafetensors(weights, { ...meta, experiment: JSON.stringify(experiment), step: String(t.stepsDone) }),
  });
}

/** Before the first step of a WebGPU run: it traces the step plan (seconds on slow adapters). */
function announceTrace(): void {
  if (!stepTraced) post({ type: 'phase', phase: 'compiling kernels and tracing the step' });
}

function onEvent(e: TrainEvent): void {
  if (e.kind === 'progress' && !stepTraced) { stepTraced = true; post({ type: 'phase', phase: null }); }
  if (e.kind === 'progress') { post({ type: 'progress', metrics: e }); probes?.onProgress(); if (e.timed !== false) lastTimed = e; }
  else if (e.kind === 'eval') post({ type: 'eval', metrics: e });
  else post({ type: 'hyper', change: e });
}

async function train(): Promise<void> {
  if (!trainer || running) return;
  if (finished) { await restart(trainer); finished = false; post({ type: 'state', state: 'idle' }); }
  const t = trainer;
  trainingWanted = true;
  post({ type: 'state', state: 'training' });
  announceTrace();
  const run = t.run().then(
    (final) => {
      if (t !== trainer) return; // its device was lost meanwhile
      trainingWanted = false;
      if (final) { finished = true; post({ type: 'done', final }); post({ type: 'state', state: 'done' }); }
      else post({ type: 'state', state: 'paused' });
    },
    (e: unknown) => { if (t === trainer) void reportUnlessDeviceLost(e); },
  ).finally(() => {
    if (running !== run) return;
    running = null;
    if (t === trainer) void probes?.refresh();
  });
  running = run;
}

/** How long a failed GPU read waits to learn whether its device was lost. */
const LOSS_GRACE_MS = 1000;

/**
 * A run that fails because its device went away is not reported as an error: the device
 * loss handler pauses it, gets a new device and goes on from the checkpoint.
 */
async function reportUnlessDeviceLost(e: unknown): Promise<void> {
  const lost = deviceLost;
  if (lost && !(e instanceof NonFiniteError)) {
    const gone = await Promise.race([lost.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), LOSS_GRACE_MS))]);
    if (gone) return;
  }
  trainingWanted = false;
  report(e);
}

/**
 * A speed job (src/ui/speed): the user's training pauses for it and resumes after; the job
 * builds and disposes trainers of its own, so the run's weights and step are untouched.
 */
async function speed(job: SpeedJob): Promise<void> {
  const wasTraining = running !== null;
  await stopRun(); // the run's own handler reports it paused
  try {
    if (!current && job.kind !== 'gemm') throw new Error('No model is ready yet: fix the experiment first.');
    const result = await runSpeedJob(job, {
      experiment: current?.experiment as Experiment,
      split: current?.split as Split,
      open: getBackend,
      progress: (text) => post({ type: 'speedProgress', kind: job.kind, text }),
    });
    post({ type: 'speedResult', result });
  } catch (e) {
    post({ type: 'speedError', kind: job.kind, message: e instanceof Error ? e.message : String(e) });
  } finally {
    if (wasTraining) await train();
  }
}

function report(e: unknown): void {
  if (e instanceof NonFiniteError) {
    // The trainer went back to its last good checkpoint: Resume continues from there (the
    // page's Train re-initialises, so it starts over from the seed).
    const at = trainer?.lastCheckpoint?.step;
    post({ type: 'error', kind: 'nonFinite', message: at === undefined ? e.message : `${e.message} Resume continues from the last good checkpoint, after ${at} steps.` });
  } else if (e instanceof GpuFaultError) {
    post({ type: 'error', kind: 'device', message: e.message });
  } else if (e instanceof DataLoadError) {
    post({ type: 'error', kind: 'data', path: e.path, message: e.message });
  } else {
    const message = e instanceof Error ? e.message : String(e);
    const device = /device (was )?lost|no adapter|navigator\.gpu|out of memory/i.test(message) || (e instanceof Error && e.name === 'WebGpuUnavailableError');
    post({ type: 'error', kind: device ? 'device' : 'internal', message });
    if (!device) console.error(e);
  }
}

async function handle(m: ToWorker): Promise<void> {
  switch (m.type) {
    case 'init': await init(m.experiment, m.files); break;
    case 'train': await train(); break;
    case 'resume': await resume(m); break;
    case 'step':
      if (!trainer || running) return;
      if (finished) { await restart(trainer); finished = false; post({ type: 'state', state: 'idle' }); }
      announceTrace();
      await trainer.step();
      post({ type: 'state', state: 'paused' });
      await probes?.refresh();
      break;
    case 'reset':
      if (!trainer) return;
      await stopRun();
      await restart(trainer);
      checkpoint = null;
      finished = false;
      post({ type: 'state', state: 'idle' });
      await probes?.refresh();
      break;
    case 'findLr':
      if (!trainer || !insight) { post({ type: 'lrFinder', state: 'error', message: 'No run is ready: fix the experiment first.' }); return; }
      await stopRun();
      await insight.findLr();
      break;
    case 'featureImage':
      await insight?.chooseFeatureImage(m.index);
      break;
    case 'weights': {
      // Queued behind the commands before it, so these are the weights of the run that just ended.
      await stopRun();
      const tensors = trainer ? await trainer.exportWeights() : null;
      scope.postMessage({ type: 'weights', id: m.id, tensors } satisfies FromWorker, tensors ? tensors.map((t) => t.data.buffer as ArrayBuffer) : []);
      break;
    }
    case 'pytorchProject': {
      const zip = await pytorchProject();
      scope.postMessage({ type: 'pytorchProject', id: m.id, zip } satisfies FromWorker, [zip.buffer as ArrayBuffer]);
      break;
    }
    case 'loadWeights': {
      if (m.tensors === null) { startWeights.forget(); break; }
      if (!trainer) { post({ type: 'error', kind: 'invalid', message: 'No model is ready to load weights into: fix the experiment first.' }); break; }
      await stopRun();
      // A finished run starts over from these weights; a paused one continues from them.
      if (finished) { await trainer.reset(); finished = false; post({ type: 'state', state: 'idle' }); }
      await startWeights.load(trainer, m.source, m.tensors);
      // Loaded before the first step: these are the run's initial weights (the PyTorch project's).
      if (exportBase && trainer.stepsDone === 0) exportBase = { ...exportBase, initial: await trainer.exportWeights() };
      await probes?.refresh();
      break;
    }
    case 'speed': await speed(m.job); break;
    case 'selfTest': {
      const { backend, adapter } = await getBackend('webgpu');
      const result = await runSelfTest(backend);
      post({ type: 'selfTest', ok: result.ok, lines: [`Adapter: ${adapter.label}`, ...result.lines] });
      break;
    }
    case 'probeCheck': {
      const b = trainer && (await getBackend(trainer.experiment.backend)).backend;
      if (!trainer || !b || !probes || !runSplit || running || runSplit.train.task !== 'classification') {
        post({ type: 'probeCheck', id: m.id, check: null, message: 'No paused classification run on 2-D data to check.' });
        break;
      }
      post({ type: 'probeCheck', id: m.id, check: await boundaryCheck(b, trainer, probes.probe, runSplit) });
      break;
    }
    default: break;
  }
}

/** Tests only: destroys the GPU device under the run, as a lost GPU would. */
function loseDevice(): void {
  void backends.get('webgpu')?.then((o) => (o.backend as { ctx?: { device?: GPUDevice } }).ctx?.device?.destroy());
}

async function attack(m: Extract<ToWorker, { type: 'attackExample' | 'robustness' }>): Promise<void> {
  const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
  if (m.type === 'attackExample') {
    if (!attacks) return post({ type: 'attackExample', id: m.id, example: null, message: 'No run is ready: fix the experiment first.' });
    await attacks.example(m.id, m.image, m.attack).catch((e: unknown) => post({ type: 'attackExample', id: m.id, example: null, message: message(e) }));
  } else {
    if (!attacks) return post({ type: 'robustness', id: m.id, method: m.method, rows: null, message: 'No run is ready: fix the experiment first.' });
    await attacks.robustness(m.id, m.method, m.epsilons, m.steps).catch((e: unknown) => post({ type: 'robustness', id: m.id, method: m.method, rows: null, message: message(e) }));
  }
}

// Pause and live hyper-parameters act at once; everything else runs in order.
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const m = event.data;
  if (m.type === 'pause') { trainingWanted = false; trainer?.pause(); return; }
  if (m.type === 'loseDevice') { loseDevice(); return; }
  if (m.type === 'hyper') {
    // At once on the run now, and again after whatever is queued before it: a run being set
    // up (an init in the queue) was built from the experiment before this edit.
    trainer?.setHyper(m.hyper);
    queue = queue.then(() => trainer?.setHyper(m.hyper));
    return;
  }
  if (m.type === 'probe') {
    probesEnabled = m.enabled;
    if (probes) { probes.enabled = m.enabled; if (m.enabled) void probes.refresh(); }
    return;
  }
  if (m.type === 'attackArrows') { arrowAttack = m.attack; probes?.arrows.set(m.attack); return; }
  // A drawn image is classified between training steps, without waiting for the queue.
  // A failed drawing (a run replaced meanwhile) must not stop training: it is only logged.
  if (m.type === 'predict') { insight?.predict(m.id, m.pixels).catch((e: unknown) => console.warn('[draw]', e)); return; }
  // Attacks run between training steps too (Trainer.inspect); a failure answers the view.
  if (m.type === 'attackExample' || m.type === 'robustness') { void attack(m); return; }
  queue = queue.then(() => handle(m)).catch((e: unknown) => {
    if (m.type === 'weights') post({ type: 'weights', id: m.id, tensors: null }); // the run is stored without them
    else if (m.type === 'pytorchProject') post({ type: 'pytorchProject', id: m.id, zip: null, message: e instanceof Error ? e.message : String(e) });
    else if (m.type === 'selfTest') post({ type: 'selfTest', ok: false, lines: [`The self-test could not run: ${e instanceof Error ? e.message : String(e)}`] });
    else report(e);
  });
};
