// The first steps' own losses (TrainerOptions.onStepLosses), shared by the CPU and the GPU
// tests: recorded by each step on the device, read once, equal to the losses the metric
// windows report, and no extra readback per step.
import type { Backend } from '../engine/backend';
import { generateSynthetic } from '../data/synthetic';
import { splitDataset } from '../data/split';
import type { Split } from '../data/types';
import { experimentOf } from './test-helpers';
import { Trainer } from './trainer';
import type { ProgressMetrics, TrainEvent } from './types';

export const stepLossSplit = (): Split => {
  const parts = splitDataset(generateSynthetic('spiral', { seed: 3, noise: 0.1, n: 256 }), { seed: 3, trainFraction: 0.5 });
  return { ...parts, stats: { method: 'none', offset: [0, 0], divisor: [1, 1] } } as Split;
};

/** 128 training rows in batches of 32: 4 steps an epoch. */
export const stepLossExperiment = (epochs: number, backend: 'cpu' | 'webgpu') =>
  experimentOf({
    version: 1,
    seed: 5,
    data: { dataset: 'spiral', noise: 0.1, trainFraction: 0.5, normalize: 'none' },
    model: { layers: [{ type: 'dense', units: 12, activation: 'tanh' }, { type: 'dropout', rate: 0.2 }, { type: 'dense', units: 2 }] },
    loss: 'softmaxCrossEntropy',
    optimizer: { type: 'adam', lr: 0.01 },
    schedule: { type: 'constant' },
    training: { batchSize: 32, epochs, clipGradNorm: 1 },
    backend,
  });

export interface StepLossRun {
  /** Each onStepLosses call's list. */
  calls: { step: number; loss: number }[][];
  progress: ProgressMetrics[];
}

export async function runWithStepLosses(backend: Backend, epochs: number, progressEvery: number, record = true): Promise<StepLossRun> {
  const calls: StepLossRun['calls'] = [];
  const events: TrainEvent[] = [];
  const trainer = await Trainer.create(stepLossExperiment(epochs, backend.kind === 'cpu' ? 'cpu' : 'webgpu'), {
    backend, split: stepLossSplit(), onEvent: (e) => events.push(e), progressEvery,
    ...(record ? { onStepLosses: (l: { step: number; loss: number }[]) => calls.push(l) } : {}),
  });
  await trainer.run();
  trainer.dispose();
  return { calls, progress: events.filter((e): e is ProgressMetrics => e.kind === 'progress') };
}
