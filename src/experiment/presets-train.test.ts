// Every preset trains: it validates against default WebGPU limits and runs one training
// step on the CPU backend over a small slice of its real data (Fashion-MNIST and MNIST
// read from public/data); and a 2,000-image MNIST subset trains the MLP preset to >= 85%
// test accuracy. (Here rather than in src/train: these tests need the presets, and
// src/train may not import src/experiment.) Full-size measurements: docs/presets.md.
import { beforeAll, describe, expect, it } from 'vitest';
import { createCpuBackend } from '../engine/cpu/backend';
import { loadDataset } from '../data/load';
import { nodeIo } from '../data/node-io';
import type { Dataset, Split } from '../data/types';
import { Trainer } from '../train/trainer';
import type { ProgressMetrics, TrainEvent } from '../train/types';
import type { Experiment } from '../spec';
import { findPreset, presets } from './presets';
import { validateExperiment } from './validate';

/** WebGPU's default limits (what any adapter offers). */
const DEFAULT_LIMITS = { maxStorageBufferBindingSize: 128 * 2 ** 20, maxBufferSize: 256 * 2 ** 20 };

function head(ds: Dataset, n: number): Dataset {
  const m = Math.min(n, ds.n);
  const size = ds.inputShape.reduce((a, b) => a * b, 1);
  const per = ds.n === 0 ? 1 : ds.y.length / ds.n;
  return { ...ds, n: m, x: ds.x.slice(0, m * size), y: ds.y.slice(0, m * per) };
}

const loaded = new Map<string, Promise<Split>>();
function dataFor(e: Experiment): Promise<Split> {
  const key = JSON.stringify(e.data);
  if (!loaded.has(key)) loaded.set(key, loadDataset(e.data, e.seed, nodeIo(), { syntheticSamples: 128 }));
  return loaded.get(key)!;
}

async function run(experiment: Experiment, split: Split, steps: 'one' | 'all') {
  const progress: ProgressMetrics[] = [];
  const trainer = await Trainer.create(experiment, {
    backend: createCpuBackend('f32'),
    split,
    onEvent: (e: TrainEvent) => e.kind === 'progress' && progress.push(e),
  });
  try {
    if (steps === 'one') {
      await trainer.step();
      return { progress, final: null, stepsDone: trainer.stepsDone };
    }
    const final = await trainer.run();
    return { progress, final, stepsDone: trainer.stepsDone };
  } finally {
    trainer.dispose();
  }
}

describe('every preset trains', () => {
  beforeAll(async () => {
    await Promise.all(presets.map((p) => dataFor(p.experiment)));
  }, 60_000);

  it.each(presets.map((p) => [p.name] as const))('%s: valid within default limits, one CPU step of 8 samples', async (name) => {
    const { experiment } = findPreset(name)!;
    const r = validateExperiment(experiment, { limits: DEFAULT_LIMITS });
    expect(r.errors).toEqual([]);
    const full = await dataFor(experiment);
    // The limits are checked at the preset's batch size above; the step runs a batch of 8
    // so that the CNNs stay quick on the CPU.
    experiment.training.batchSize = 8;
    const split = { ...full, train: head(full.train, 64), test: head(full.test, 8) };
    const { progress, stepsDone } = await run(experiment, split, 'one');
    expect(stepsDone).toBe(1);
    expect(progress).toHaveLength(1);
    expect(Number.isFinite(progress[0].trainLoss)).toBe(true);
    expect(progress[0].trainLoss).toBeGreaterThan(0);
  });
});

describe('MNIST subset (2,000 train / 500 test images)', () => {
  it('trains the MLP preset to >= 85% test accuracy on the CPU', async () => {
    const { experiment } = findPreset('mnist-mlp')!;
    experiment.training.epochs = 2;
    experiment.training.batchSize = 32;
    experiment.backend = 'cpu';
    const full = await dataFor(experiment);
    const split = { ...full, train: head(full.train, 2000), test: head(full.test, 500) };
    const { final } = await run(experiment, split, 'all');
    expect(final!.epochs).toBe(2);
    expect(final!.testAccuracy).toBeGreaterThanOrEqual(0.85);
  });
});
