// Shared by the trainer's CPU and GPU tests: experiments built from the PyTorch training
// goldens, and a runner that collects every event.
import { expect } from 'vitest';
import type { Backend } from '../engine/backend';
import type { Dataset, Split } from '../data/types';
import { parseExperiment, type Experiment, type ExperimentInput } from '../spec';
import type { TrainRun } from '../testdata/goldens';
import { Trainer } from './trainer';
import type { EvalMetrics, FinalMetrics, ProgressMetrics, TrainEvent } from './types';

export function experimentOf(input: ExperimentInput): Experiment {
  const r = parseExperiment(input);
  if (!r.experiment) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.experiment;
}

/** The golden run as an experiment: full batch, one step per epoch, constant lr. */
export function goldenExperiment(run: TrainRun, steps: number): { experiment: Experiment; split: Split } {
  const n = run.data.labels.shape[0];
  const ds: Dataset = {
    task: 'classification',
    inputShape: run.model.inputShape,
    numClasses: 2,
    x: Float32Array.from(run.data.x.data),
    y: Uint32Array.from(run.data.labels.data),
    n,
  };
  const experiment = experimentOf({
    version: 1,
    seed: 1,
    data: { dataset: run.model.inputShape.length === 1 ? 'spiral' : 'mnist', noise: 0, trainFraction: 0.5, normalize: 'none' },
    model: { layers: run.model.layers as ExperimentInput['model']['layers'] },
    loss: run.loss,
    optimizer: { ...run.optimizer } as ExperimentInput['optimizer'],
    training: { batchSize: n, epochs: steps },
    backend: 'cpu',
  });
  return { experiment, split: { train: ds, test: ds, stats: { method: 'none', offset: [0], divisor: [1] } } as Split };
}

export interface RunLog {
  progress: ProgressMetrics[];
  evals: EvalMetrics[];
  events: TrainEvent[];
  final: FinalMetrics | null;
  trainer: Trainer;
}

export async function train(
  backend: Backend,
  experiment: Experiment,
  split: Split,
  options: { progressEvery?: number; setup?: (t: Trainer) => void } = {},
): Promise<RunLog> {
  const events: TrainEvent[] = [];
  const trainer = await Trainer.create(experiment, { backend, split, onEvent: (e) => events.push(e), progressEvery: options.progressEvery });
  options.setup?.(trainer);
  const final = await trainer.run();
  return {
    progress: events.filter((e): e is ProgressMetrics => e.kind === 'progress'),
    evals: events.filter((e): e is EvalMetrics => e.kind === 'eval'),
    events,
    final,
    trainer,
  };
}

/** Runs `n` single steps; returns each step's reported loss and the weights after them. */
export async function stepsFrom(trainer: Trainer, events: TrainEvent[], n: number): Promise<{ losses: number[]; weights: Float32Array[] }> {
  const from = events.length;
  for (let i = 0; i < n; i++) await trainer.step();
  const losses = events.slice(from).filter((e): e is ProgressMetrics => e.kind === 'progress').map((e) => e.trainLoss);
  return { losses, weights: (await trainer.exportWeights()).map((w) => w.data) };
}

/** A small model with every kind of training state: dropout, batch norm statistics, Adam's two slots. */
export const statefulMlp = (backend: 'cpu' | 'webgpu') =>
  experimentOf({
    version: 1,
    seed: 21,
    data: { dataset: 'spiral', noise: 0.1, trainFraction: 0.5, normalize: 'none' },
    model: {
      layers: [
        { type: 'dense', units: 12, activation: 'relu' },
        { type: 'batchNorm' },
        { type: 'dropout', rate: 0.3 },
        { type: 'dense', units: 2 },
      ],
    },
    loss: 'softmaxCrossEntropy',
    optimizer: { type: 'adam', lr: 0.02 },
    schedule: { type: 'cosine', warmupSteps: 2 },
    training: { batchSize: 16, epochs: 3, clipGradNorm: 1 },
    backend,
  });

/** A run expected to stop on NaN/Inf: the error, the trainer after it, and every event. */
export async function runToFailure(
  backend: Backend,
  experiment: Experiment,
  split: Split,
  options: { weights?: ArrayLike<number>[]; progressEvery?: number } = {},
): Promise<{ error: unknown; trainer: Trainer; events: TrainEvent[] }> {
  const events: TrainEvent[] = [];
  const trainer = await Trainer.create(experiment, { backend, split, onEvent: (e) => events.push(e), progressEvery: options.progressEvery });
  if (options.weights) trainer.setWeights(options.weights);
  const error = await trainer.run().then(() => null, (e: unknown) => e);
  return { error, trainer, events };
}

/** The weights (model order, running statistics after) of a fresh run after `steps` single steps. */
export async function weightsAfter(backend: Backend, experiment: Experiment, split: Split, steps: number, weights?: ArrayLike<number>[]): Promise<Float32Array[]> {
  const trainer = await Trainer.create(experiment, { backend, split, onEvent: () => {} });
  if (weights) trainer.setWeights(weights);
  for (let i = 0; i < steps; i++) await trainer.step();
  const out = (await trainer.exportWeights()).map((w) => w.data);
  trainer.dispose();
  return out;
}

/**
 * Trains a PyTorch golden run (src/testdata/goldens) on `backend` from its initial weights and
 * checks every step's loss (5 decimals) and the final weights (4 decimals) against torch's.
 */
export async function expectMatchesPyTorch(backend: Backend, run: TrainRun, kind: Experiment['backend']): Promise<void> {
  const { experiment, split } = goldenExperiment(run, run.lossPerStep.length);
  const log = await train(backend, { ...experiment, backend: kind }, split, { progressEvery: 1, setup: (t) => t.setWeights(run.params0.map((p) => p.data)) });
  expect(log.progress.map((p) => p.trainLoss)).toHaveLength(run.lossPerStep.length);
  log.progress.forEach((p, i) => expect(p.trainLoss, `step ${i}`).toBeCloseTo(run.lossPerStep[i], 5));
  const weights = await log.trainer.exportWeights();
  run.finalParams.forEach((p, i) => {
    const got = weights[i].data;
    p.data.forEach((v, k) => expect(got[k], `${p.name}[${k}]`).toBeCloseTo(v, 4));
  });
}
