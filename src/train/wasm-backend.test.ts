// Whole training runs on the wasm backend against the TypeScript reference: the same
// experiment gives the same losses step by step (within 1e-4 relative: f32 sums in another
// order), and the same numbers, bit for bit, run to run.
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../engine/cpu/backend';
import { createWasmBackend } from '../engine/wasm/backend';
import { Rng } from '../engine/random';
import type { Backend } from '../engine/backend';
import type { Dataset, Split } from '../data/types';
import type { ExperimentInput } from '../spec';
import { expectMatchesPyTorch, experimentOf, train } from './test-helpers';
import { trainRuns } from '../testdata/goldens';

/** Noisy copies of one random prototype per class, in [0, 1] like pixels: a loss that moves. */
function imageSplit(inputShape: number[], n: number, classes: number, seed: number): Split {
  const rng = new Rng(seed);
  const features = inputShape.reduce((a, b) => a * b, 1);
  const protos = Array.from({ length: classes }, () => Float32Array.from({ length: features }, () => rng.uniform()));
  const x = new Float32Array(n * features);
  const y = new Uint32Array(n);
  for (let s = 0; s < n; s++) {
    y[s] = rng.int(classes);
    for (let f = 0; f < features; f++) x[s * features + f] = 0.6 * protos[y[s]][f] + 0.4 * rng.uniform();
  }
  const ds: Dataset = { task: 'classification', inputShape, numClasses: classes, x, y, n };
  return { train: ds, test: ds, stats: { method: 'none', offset: [0], divisor: [1] } } as Split;
}

const experiment = (layers: unknown[], backend: 'cpu' | 'wasm', batchSize: number, steps: number) =>
  experimentOf({
    version: 1,
    seed: 3,
    data: { dataset: 'mnist', noise: 0, trainFraction: 0.5, normalize: 'none' },
    model: { layers: layers as ExperimentInput['model']['layers'] },
    loss: 'softmaxCrossEntropy',
    optimizer: { type: 'adam', lr: 0.003 },
    training: { batchSize, epochs: steps * batchSize / 128 },
    backend,
  });

async function stepLosses(backend: Backend, kind: 'cpu' | 'wasm', layers: unknown[], split: Split, batch: number, steps: number): Promise<number[]> {
  const run = await train(backend, experiment(layers, kind, batch, steps), split, { progressEvery: 1 });
  run.trainer.dispose();
  return run.progress.map((p) => p.trainLoss);
}

const CASES = [
  {
    name: 'MLP 784-128-10 (relu), Adam, batch 32',
    inputShape: [784],
    layers: [{ type: 'dense', units: 128, activation: 'relu' }, { type: 'dense', units: 10 }],
    batch: 32,
  },
  {
    name: 'CNN: conv 3x3x4 relu same, max pool, conv 3x3x8 gelu valid, dense 10; Adam, batch 16',
    inputShape: [12, 12, 1],
    layers: [
      { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'conv2d', filters: 8, kernelSize: 3, activation: 'gelu' },
      { type: 'flatten' },
      { type: 'dense', units: 10 },
    ],
    batch: 16,
  },
];

describe('training on the wasm backend', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s: the reference\'s losses step by step, and the same bits run to run', async (_n, c) => {
    const steps = 16;
    const split = imageSplit(c.inputShape, 128, 10, 17);
    const reference = await stepLosses(createCpuBackend('f32'), 'cpu', c.layers, split, c.batch, steps);
    const wasm = await stepLosses(createWasmBackend(), 'wasm', c.layers, split, c.batch, steps);
    expect(wasm).toHaveLength(steps);
    expect(reference).toHaveLength(steps);
    for (let i = 0; i < steps; i++) expect(Math.abs(wasm[i] - reference[i]) / Math.abs(reference[i]), `step ${i + 1}`).toBeLessThanOrEqual(1e-4);
    expect(wasm[steps - 1]).toBeLessThan(wasm[0]); // it learns
    expect(await stepLosses(createWasmBackend(), 'wasm', c.layers, split, c.batch, steps)).toEqual(wasm);
  });
});

// The PyTorch training goldens (src/testdata/goldens: real torch runs, step by step) hold on
// the wasm backend as they do on the reference (src/train/trainer.test.ts).
describe('wasm backend against PyTorch', () => {
  for (const run of trainRuns) {
    it(`matches PyTorch step by step: ${run.name}`, () => expectMatchesPyTorch(createWasmBackend(), run, 'wasm'));
  }
});
