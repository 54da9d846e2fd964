/// <reference lib="webworker" />
// The training worker: owns the backend (GPU device), the data and the trainer. The page
// sends commands (protocol.ts) and only renders what comes back, so the main thread never
// blocks on training.
import type { Backend } from '../engine/backend';
import { openBackend, runSelfTest } from '../train/backend-select';
import { Trainer } from '../train/trainer';
import { GpuFaultError, NonFiniteError } from '../train/types';
import type { TrainEvent } from '../train/types';
import { DataLoadError, fetchIo, loadDataset, pageDataIo } from '../data';
import type { Split } from '../data';
import { validateExperiment } from '../experiment';
import { prepareRun, RunRefusedError, type PreparedRun } from '../experiment/prepare-run';
import type { Experiment } from '../spec';
import type { AdapterReport, FromWorker, ToWorker } from './protocol';
import { runSpeedJob } from './speed';
import type { SpeedJob } from './speed-protocol';
import { ProbeDriver, boundaryCheck } from './probe-driver';
import { InsightReporter } from './insight';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: FromWorker) => scope.postMessage(m);

type Opened = { backend: Backend; adapter: AdapterReport };
const backends = new Map<'webgpu' | 'cpu', Promise<Opened>>();
let trainer: Trainer | null = null;
/** The run's classification results, histograms, drawing and lr finder (insight.ts). */
let insight: InsightReporter | null = null;
let running: Promise<void> | null = null;
let finished = false;
let dataCache: { key: string; split: Promise<Split> } | null = null;
/** The experiment and data of the current run, for the speed views' own trainers. */
let current: { experiment: Experiment; split: Split } | null = null;
/** The decision boundary's refreshes for the current run (2-D data only). */
let probes: ProbeDriver | null = null;
let probesEnabled = true;
let runSplit: Split | null = null;
/** The current trainer's step plan is traced (its first step has landed). */
let stepTraced = false;

function getBackend(kind: 'webgpu' | 'cpu'): Promise<Opened> {
  let hit = backends.get(kind);
  if (!hit) {
    hit = openBackend(kind, { onDeviceError: (m) => console.warn(`[webgpu] ${m}`) });
    backends.set(kind, hit);
    hit.then((o) => watchDeviceLoss(kind, o), () => backends.delete(kind));
  }
  return hit;
}

function watchDeviceLoss(kind: 'webgpu' | 'cpu', opened: Opened): void {
  const lost = (opened.backend as { ctx?: { lost?: Promise<string> } }).ctx?.lost;
  lost?.then((message) => {
    if (backends.get(kind) === undefined) return;
    backends.delete(kind);
    trainer = null;
    post({ type: 'error', kind: 'device', message });
  });
}

function loadSplit(experiment: Experiment, files: Record<string, Uint8Array> | undefined): Promise<Split> {
  const key = JSON.stringify([experiment.data, experiment.seed]);
  if (dataCache?.key === key && !files) return dataCache.split;
  let lastPost = 0;
  const io = fetchIo(scope.location.href, {
    onProgress(loaded, total, path) {
      const now = performance.now();
      if (now - lastPost < 100 && loaded !== total) return;
      lastPost = now;
      post({ type: 'loading', what: path.split('/').pop() ?? path, loaded, total });
    },
  });
  // Built-in files from the app's own site; a CSV only from the files the page sent, never fetched by name.
  const split = loadDataset(experiment.data, experiment.seed, pageDataIo(files ?? {}, io));
  dataCache = { key, split };
  split.catch(() => { if (dataCache?.split === split) dataCache = null; });
  return split;
}

async function stopRun(): Promise<void> {
  trainer?.pause();
  if (running) await running;
}

async function init(raw: Experiment, files?: Record<string, Uint8Array>): Promise<void> {
  await stopRun();
  await probes?.dispose();
  probes = null;
  trainer?.dispose();
  trainer = null;
  current = null;
  insight = null;
  finished = false;
  const checked = validateExperiment(raw);
  if (!checked.experiment) {
    const [first] = checked.errors;
    post({ type: 'error', kind: 'invalid', path: first?.path, message: checked.errors.map((e) => e.message).join(' ') });
    return;
  }
  const experiment = checked.experiment;
  // The backend opens while the data loads (both are cached across runs).
  const opening = getBackend(experiment.backend);
  stepTraced = experiment.backend !== 'webgpu'; // the CPU runs its step eagerly: nothing to trace
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
          keepTestOutputs: InsightReporter.wantsOutputs(options.split),
          // The views must not stop training: a failure there is logged, not thrown into the loop.
          onEvaluated: (metrics, outputs, inspector) => reporter.current?.onEvaluated(metrics, outputs, inspector).catch((err: unknown) => console.error('[insight]', err)),
        });
        reporter.current = insight = new InsightReporter(t, e, options.split, post);
        return t;
      },
      onEvent,
    });
  } catch (e) {
    if (!(e instanceof RunRefusedError)) throw e;
    post({ type: 'error', kind: 'invalid', path: e.issues[0]?.path, message: e.message });
    return;
  }
  trainer = run.trainer;
  current = { experiment: run.experiment, split: run.split };
  const { opened: { adapter, backend }, split } = run;
  post({
    type: 'ready', adapter, summary: trainer.summary, trainSize: split.train.n, testSize: split.test.n,
    stepsPerEpoch: trainer.stepsPerEpoch, totalSteps: trainer.totalSteps,
  });
  runSplit = split;
  probes = ProbeDriver.create(backend, trainer, split, (m, transfer) => scope.postMessage(m, transfer));
  if (probes) { probes.enabled = probesEnabled; await probes.refresh(); }
}

/** Before the first step of a WebGPU run: it traces the step plan (seconds on slow adapters). */
function announceTrace(): void {
  if (!stepTraced) post({ type: 'phase', phase: 'compiling kernels and tracing the step' });
}

function onEvent(e: TrainEvent): void {
  if (e.kind === 'progress' && !stepTraced) { stepTraced = true; post({ type: 'phase', phase: null }); }
  if (e.kind === 'progress') { post({ type: 'progress', metrics: e }); probes?.onProgress(); }
  else if (e.kind === 'eval') post({ type: 'eval', metrics: e });
  else post({ type: 'hyper', change: e });
}

async function train(): Promise<void> {
  if (!trainer || running) return;
  if (finished) { await trainer.reset(); finished = false; post({ type: 'state', state: 'idle' }); }
  const t = trainer;
  post({ type: 'state', state: 'training' });
  announceTrace();
  running = t.run().then(
    (final) => {
      if (final) { finished = true; post({ type: 'done', final }); post({ type: 'state', state: 'done' }); }
      else post({ type: 'state', state: 'paused' });
    },
    (e: unknown) => report(e),
  ).finally(() => { running = null; void probes?.refresh(); });
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
    finished = true; // diverged: the weights are the last good ones, but Train starts over from the seed
    post({ type: 'error', kind: 'nonFinite', message: e.message });
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
    case 'step':
      if (!trainer || running) return;
      if (finished) { await trainer.reset(); finished = false; post({ type: 'state', state: 'idle' }); }
      announceTrace();
      await trainer.step();
      post({ type: 'state', state: 'paused' });
      await probes?.refresh();
      break;
    case 'reset':
      if (!trainer) return;
      await stopRun();
      await trainer.reset();
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

// Pause and live hyper-parameters act at once; everything else runs in order.
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const m = event.data;
  if (m.type === 'pause') { trainer?.pause(); return; }
  if (m.type === 'hyper') { trainer?.setHyper(m.hyper); return; }
  if (m.type === 'probe') {
    probesEnabled = m.enabled;
    if (probes) { probes.enabled = m.enabled; if (m.enabled) void probes.refresh(); }
    return;
  }
  // A drawn image is classified between training steps, without waiting for the queue.
  // A failed drawing (a run replaced meanwhile) must not stop training: it is only logged.
  if (m.type === 'predict') { insight?.predict(m.id, m.pixels).catch((e: unknown) => console.warn('[draw]', e)); return; }
  queue = queue.then(() => handle(m)).catch((e: unknown) => {
    if (m.type === 'weights') post({ type: 'weights', id: m.id, tensors: null }); // the run is stored without them
    else if (m.type === 'selfTest') post({ type: 'selfTest', ok: false, lines: [`The self-test could not run: ${e instanceof Error ? e.message : String(e)}`] });
    else report(e);
  });
};
