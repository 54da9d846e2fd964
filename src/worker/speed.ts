// The page's speed measurements, run in the worker. Each job builds its own trainers (and
// the CPU backends the race and the sweep need) and disposes them: the user's run, its trainer and its
// weights, are never touched (the worker pauses it around a job and resumes it after).
import type { Backend } from '../engine/backend';
import { createCpuBackend } from '../engine/cpu/backend';
import { openWasmBackend } from '../engine/wasm/backend';
import { CPU_ADAPTER, WASM_ADAPTER, wasmAdapter, type BackendChoice } from '../train/backend-select';
import type { Split } from '../data/types';
import { inferShapes } from '../nn/shapes';
import { checkBudget, dataSizeOf } from '../experiment/budget';
import type { Experiment } from '../spec';
import { Trainer } from '../train/trainer';
import type { ProgressMetrics } from '../train/types';
import { groupKernelTimes } from './kernel-groups';
import type { AdapterReport } from './protocol';
import type { KernelsResult, RaceLane, RaceResult, SpeedJob, SpeedResult, SweepResult, SweepRow } from './speed-protocol';
import { runGemmLab } from './gemm-lab';

export interface Opened {
  backend: Backend;
  adapter: AdapterReport;
}

export interface SpeedDeps {
  experiment: Experiment;
  split: Split;
  open(kind: BackendChoice): Promise<Opened>;
  progress(text: string): void;
}

export { CPU_ADAPTER, WASM_ADAPTER };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : 0;
};

/** Enough epochs for `steps` steps (the schedule then spans the longer run on both sides alike). */
function withSteps(e: Experiment, steps: number, trainN: number): Experiment {
  const perEpoch = Math.max(1, Math.floor(trainN / Math.min(e.training.batchSize, trainN)));
  const epochs = Math.max(e.training.epochs, Math.ceil(steps / perEpoch));
  // No early stopping or target loss: a measurement runs its steps.
  const { earlyStopping: _e, targetLoss: _t, ...training } = e.training;
  return { ...e, training: { ...training, epochs } };
}

export interface Timed {
  trainer: Trainer;
  steps: number;
  seconds: number;
  progress: ProgressMetrics[];
}

/**
 * Trains a fresh trainer (the seed's initial weights) for at most `steps` steps or `ms`
 * milliseconds. The caller disposes `trainer`.
 */
export async function trainFor(experiment: Experiment, backend: Backend, split: Split, steps: number, ms: number, progressEvery = 5): Promise<Timed> {
  const progress: ProgressMetrics[] = [];
  let trainer: Trainer | null = null;
  const started = performance.now();
  trainer = await Trainer.create(withSteps(experiment, steps, split.train.n), {
    backend, split, progressEvery,
    onEvent(e) {
      if (e.kind !== 'progress') return;
      progress.push(e);
      if (e.step >= steps || performance.now() - started > ms) trainer?.pause();
    },
  });
  const t0 = performance.now();
  await trainer.run();
  return { trainer, steps: trainer.stepsDone, seconds: (performance.now() - t0) / 1000, progress };
}

/** The steady rates of a timed run: medians of its timed reports (0 when none was timed). */
function ratesOf(progress: ProgressMetrics[]) {
  const timed = progress.filter((p) => p.timed !== false && p.samplesPerSec > 0);
  const m = (k: 'samplesPerSec' | 'msPerStep' | 'dispatchesPerStep' | 'submitsPerStep' | 'readbacksPerStep') => median(timed.map((p) => p[k]));
  return { samplesPerSec: m('samplesPerSec'), msPerStep: m('msPerStep'), dispatchesPerStep: m('dispatchesPerStep'), submitsPerStep: m('submitsPerStep'), readbacksPerStep: m('readbacksPerStep') };
}

/** GPU time per kernel family of the experiment's step, on a trainer of its own. */
export async function measureKernels(d: SpeedDeps): Promise<KernelsResult> {
  const opened = await d.open(d.experiment.backend);
  d.progress('Training a copy of the model for 40 steps…');
  const run = await trainFor(d.experiment, opened.backend, d.split, 40, 10_000);
  try {
    const rates = ratesOf(run.progress);
    d.progress('Timing every dispatch of one step…');
    const times = await run.trainer.kernelTimes();
    return {
      kind: 'kernels', adapter: opened.adapter, batchSize: run.trainer.batchSize,
      timing: times ? groupKernelTimes(times) : null,
      msPerStep: rates.msPerStep, dispatchesPerStep: rates.dispatchesPerStep, submitsPerStep: rates.submitsPerStep, readbacksPerStep: rates.readbacksPerStep,
    };
  } finally {
    run.trainer.dispose();
  }
}

async function raceLane(d: SpeedDeps, opened: Opened, steps: number, seconds: number): Promise<RaceLane> {
  d.progress(`Training on ${opened.adapter.backend === 'webgpu' ? 'WebGPU' : 'the CPU'} (${steps} steps or ${seconds} s)…`);
  const run = await trainFor({ ...d.experiment, backend: opened.adapter.backend }, opened.backend, d.split, steps, seconds * 1000);
  run.trainer.dispose();
  const rates = ratesOf(run.progress);
  return {
    adapter: opened.adapter, steps: run.steps, seconds: run.seconds, samplesPerSec: rates.samplesPerSec, msPerStep: rates.msPerStep,
    losses: run.progress.map((p) => ({ step: p.step, loss: p.trainLoss })),
  };
}

/**
 * The experiment on WebGPU, then on a CPU backend of its own, same seed and fresh weights:
 * the wasm backend, the fastest CPU one (racing the TypeScript reference would flatter the GPU).
 */
export async function race(d: SpeedDeps, steps: number, seconds: number): Promise<RaceResult> {
  const gpu = await d.open('webgpu');
  const gpuLane = await raceLane(d, gpu, steps, seconds);
  const { backend: cpu, threads } = await openWasmBackend();
  try {
    const cpuLane = await raceLane(d, { backend: cpu, adapter: wasmAdapter(threads) }, steps, seconds);
    return { kind: 'race', batchSize: Math.min(d.experiment.training.batchSize, d.split.train.n), gpu: gpuLane, cpu: cpuLane };
  } finally {
    cpu.dispose();
  }
}

/** Relative agreement of a first-step loss with the CPU's (f32 sums in another order). */
export const LOSS_TOLERANCE = 1e-3;

/**
 * Samples/s and ms/step at each batch size on the experiment's backend. Each batch is
 * checked first (the budget, then the first step's loss finite and equal to the CPU's
 * within LOSS_TOLERANCE); the sweep stops at the first batch over the memory budget.
 */
export async function sweep(d: SpeedDeps, batches: number[], budgetBytes: number): Promise<SweepResult> {
  const opened = await d.open(d.experiment.backend);
  const summary = inferShapes(d.split.train.inputShape, d.experiment.model.layers);
  const rows: SweepRow[] = [];
  const skip = (batch: number, why: string) => rows.push({ batch, samplesPerSec: null, msPerStep: null, firstLoss: null, cpuFirstLoss: null, skipped: why });
  for (const batch of batches) {
    const e: Experiment = { ...d.experiment, training: { ...d.experiment.training, batchSize: batch } };
    if (batch > d.split.train.n) { skip(batch, `larger than the ${d.split.train.n} training samples`); break; }
    const over = checkBudget(summary, e, dataSizeOf(d.split), budgetBytes, 'lower the range');
    if (over) { skip(batch, over.message); break; }
    d.progress(`Batch ${batch}: checking the first step against the CPU…`);
    const first = await firstLoss(e, opened.backend, d.split);
    const cpu = createCpuBackend('f32');
    const reference = await firstLoss({ ...e, backend: 'cpu' }, cpu, d.split).finally(() => cpu.dispose());
    if (!Number.isFinite(first) || Math.abs(first - reference) > LOSS_TOLERANCE * Math.max(1, Math.abs(reference))) {
      rows.push({ batch, samplesPerSec: null, msPerStep: null, firstLoss: first, cpuFirstLoss: reference, skipped: 'wrong result: the first step\'s loss differs from the CPU\'s' });
      continue;
    }
    d.progress(`Batch ${batch}: timing…`);
    const run = await trainFor(e, opened.backend, d.split, 60, 3000);
    run.trainer.dispose();
    const rates = ratesOf(run.progress);
    rows.push({ batch, samplesPerSec: rates.samplesPerSec || null, msPerStep: rates.msPerStep || null, firstLoss: first, cpuFirstLoss: reference, ...(rates.samplesPerSec ? {} : { skipped: 'too few steps to time' }) });
  }
  return { kind: 'sweep', adapter: opened.adapter, rows };
}

async function firstLoss(e: Experiment, backend: Backend, split: Split): Promise<number> {
  let loss = NaN;
  const t = await Trainer.create(e, { backend, split, progressEvery: 1, onEvent: (ev) => { if (ev.kind === 'progress') loss = ev.trainLoss; } });
  try {
    await t.step();
  } catch {
    // A non-finite loss: reported as such below.
  } finally {
    t.dispose();
  }
  return loss;
}

/** Runs one job of the speed views. The GEMM lab needs WebGPU; the others the current experiment. */
export async function runSpeedJob(job: SpeedJob, d: SpeedDeps): Promise<SpeedResult> {
  switch (job.kind) {
    case 'kernels': return measureKernels(d);
    case 'race': return race(d, job.steps, job.seconds);
    case 'sweep': return sweep(d, job.batches, job.budgetBytes);
    case 'gemm': {
      const opened = await d.open('webgpu');
      return runGemmLab(opened.backend, opened.adapter, job.sizes, job.layouts, d.progress);
    }
  }
}
