// Pinned runs: a few experiments whose data, initial weights, data order, dropout masks and
// per-step losses are fingerprinted and committed (src/testdata/pinned-runs.json). Share
// links in the wild must reproduce their runs after an upgrade, so a change that moves any
// of these numbers fails pinned-runs.test.ts (CPU, bit for bit) and pinned-runs.gpu.test.ts
// (bit for bit on the adapter that pinned them). A change that means to move them says so in
// its commit and re-pins with `npm run pin`.
import { createHash } from 'node:crypto';
import type { Backend } from '../engine/backend';
import { loadDataset } from '../data/load';
import { nodeIo } from '../data/node-io';
import { epochPermutation } from '../data/batching';
import { sampleSize, targetSize, type Split } from '../data/types';
import type { ExperimentInput } from '../spec';
import { experimentOf } from './test-helpers';
import { Trainer } from './trainer';
import type { ProgressMetrics } from './types';

/** The fingerprint of one run: sha256 prefixes of the tensors, and the losses as numbers. */
export interface RunPin {
  data: string;
  order: string;
  initialWeights: string;
  finalWeights: string;
  /** The training loss of each step (read after every step), as float32 values. */
  losses: number[];
  testLoss: number;
}

export interface PinCase {
  name: string;
  steps: number;
  experiment: ExperimentInput;
  /** Shrinks the loaded split (fewer rows keep the CPU and SwiftShader runs short). */
  trainRows?: number;
  testRows?: number;
}

const base = { version: 1 as const, schedule: { type: 'constant' as const }, backend: 'cpu' as const };

export const PIN_CASES: PinCase[] = [
  {
    name: 'spiral mlp: dropout, adam, cosine with warmup, clipping',
    steps: 24,
    experiment: {
      ...base,
      seed: 1234,
      data: { dataset: 'spiral', noise: 0.1, trainFraction: 0.5, normalize: 'standard' },
      model: {
        layers: [
          { type: 'dense', units: 16, activation: 'tanh' },
          { type: 'dropout', rate: 0.2 },
          { type: 'dense', units: 16, activation: 'relu' },
          { type: 'dense', units: 2 },
        ],
      },
      loss: 'softmaxCrossEntropy',
      optimizer: { type: 'adam', lr: 0.01 },
      schedule: { type: 'cosine', warmupSteps: 5 },
      training: { batchSize: 16, epochs: 3, clipGradNorm: 1 },
    },
  },
  {
    name: 'plane regression: layer norm, adamw, step schedule, huber',
    steps: 16,
    experiment: {
      ...base,
      seed: 77,
      data: { dataset: 'plane', noise: 0.2, trainFraction: 0.6, normalize: 'scale' },
      model: {
        layers: [
          { type: 'dense', units: 12, activation: 'gelu' },
          { type: 'layerNorm' },
          { type: 'dense', units: 8, activation: 'leakyRelu' },
          { type: 'dense', units: 1 },
        ],
      },
      loss: 'huber',
      optimizer: { type: 'adamw', lr: 0.02, weightDecay: 0.01 },
      schedule: { type: 'step', stepSize: 5, gamma: 0.5 },
      training: { batchSize: 20, epochs: 2 },
    },
  },
  {
    name: 'mnist cnn: augmentation, batch norm, pooling, momentum',
    steps: 6,
    trainRows: 256,
    testRows: 64,
    experiment: {
      ...base,
      seed: 5,
      data: { dataset: 'mnist', trainFraction: 0.8, normalize: 'standard', augment: { shift: 2, flip: true, noise: 0.05 } },
      model: {
        layers: [
          { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' },
          { type: 'batchNorm' },
          { type: 'maxPool2d', poolSize: 2 },
          { type: 'depthwiseConv2d', kernelSize: 3, strides: 2, activation: 'elu' },
          { type: 'flatten' },
          { type: 'dropout', rate: 0.3 },
          { type: 'dense', units: 10 },
        ],
      },
      loss: 'softmaxCrossEntropy',
      optimizer: { type: 'momentum', lr: 0.05, momentum: 0.9 },
      training: { batchSize: 32, epochs: 1 },
    },
  },
];

/** sha256 (16 hex digits) of the values' bytes: float32 unless they are already u32. */
export function fingerprint(values: ArrayLike<number>): string {
  const typed = values instanceof Uint32Array ? values : Float32Array.from(values);
  return createHash('sha256').update(new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength)).digest('hex').slice(0, 16);
}

function head(split: Split, trainRows?: number, testRows?: number): Split {
  const cut = (d: Split['train'], n?: number): Split['train'] => {
    if (!n || n >= d.n) return d;
    return { ...d, n, x: d.x.slice(0, n * sampleSize(d)), y: d.y.slice(0, n * targetSize(d)) };
  };
  return { ...split, train: cut(split.train, trainRows), test: cut(split.test, testRows) };
}

/** Runs one case for `steps` steps (one metric read per step) and fingerprints it. */
export async function pinRun(backend: Backend, c: PinCase): Promise<RunPin> {
  const experiment = experimentOf(c.experiment);
  const loaded = await loadDataset(experiment.data, experiment.seed, nodeIo(process.cwd()));
  const split = head(loaded, c.trainRows, c.testRows);
  const losses: number[] = [];
  const trainer = await Trainer.create(experiment, {
    backend,
    split,
    progressEvery: 1,
    onEvent: (e) => {
      if (e.kind === 'progress') losses.push((e as ProgressMetrics).trainLoss);
    },
  });
  try {
    const flat = (w: { data: Float32Array }[]) => w.flatMap((t) => Array.from(t.data));
    const initialWeights = fingerprint(flat(await trainer.exportWeights()));
    for (let i = 0; i < c.steps; i++) await trainer.step();
    const finalWeights = fingerprint(flat(await trainer.exportWeights()));
    const { testLoss } = await trainer.evaluate();
    const order = [0, 1].map((e) => fingerprint(epochPermutation(experiment.seed, e, split.train.n))).join(' ');
    const data = [fingerprint(split.train.x), fingerprint(split.train.y), fingerprint(split.test.x)].join(' ');
    return { data, order, initialWeights, finalWeights, losses, testLoss };
  } finally {
    trainer.dispose();
  }
}
