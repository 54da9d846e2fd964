// Augmentation in training: the CPU kernel equals the reference of src/data/augment.ts
// bit for bit; the trainer's hook applies it to image batches only; a short CPU training
// run with augmentation on learns.
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../engine/cpu/backend';
import { IMAGE_AUGMENT_PURPOSE } from '../engine/kernels/augment';
import { Rng } from '../engine/random';
import { AUGMENT_PURPOSE, augmentBatch } from '../data/augment';
import type { Dataset, Split } from '../data/types';
import { experimentSchema } from '../spec';
import { augmentStep, augmentsInput } from './augment-step';
import { Trainer } from './trainer';
import type { EvalMetrics, FinalMetrics, TrainEvent } from './types';

const cpu = createCpuBackend('f32');

describe('CPU augment kernel vs the reference (src/data/augment.ts)', () => {
  it('uses the same purpose codes', () => {
    expect(IMAGE_AUGMENT_PURPOSE).toEqual(AUGMENT_PURPOSE);
  });

  const cases = [
    { shape: [3, 3, 1], opts: { shift: 1, flip: false, noise: 0 } },
    { shape: [5, 4, 3], opts: { shift: 2, flip: true, noise: 0 } },
    { shape: [7, 6, 2], opts: { shift: 0, flip: true, noise: 0.3 } },
    { shape: [28, 28, 1], opts: { shift: 3, flip: true, noise: 0.1 } },
    { shape: [4, 9, 1], opts: { shift: 8, flip: false, noise: 1 } },
  ];
  for (const { shape, opts } of cases) {
    it(`[${shape}] ${JSON.stringify(opts)}: identical for several seeds and steps`, () => {
      const rng = new Rng(shape[0]);
      const n = 9;
      const images = Float32Array.from({ length: n * shape[0] * shape[1] * shape[2] }, () => rng.range(-2, 2));
      const x = cpu.upload(images, [n, ...shape]);
      for (const [seed, step] of [[1, 0], [1234, 7], [0xffffffff, 123456]]) {
        const ours = cpu.readSync(cpu.augmentImages(x, opts, seed, step));
        expect(ours).toEqual(augmentBatch(images, shape, opts, seed, step));
      }
    });
  }
});

describe('augmentStep (the trainer hook)', () => {
  const on = { shift: 2, flip: true, noise: 0 };
  const off = { shift: 0, flip: false, noise: 0 };
  it('augments image batches only, and only when a transform is on', () => {
    expect(augmentsInput(on, [28, 28, 1])).toBe(true);
    expect(augmentsInput(off, [28, 28, 1])).toBe(false);
    expect(augmentsInput(on, [2])).toBe(false);
    expect(augmentsInput(undefined, [28, 28, 1])).toBe(false);
    const points = cpu.zeros([4, 2]);
    expect(augmentStep(points, on, 1, 0)).toBe(points);
    const images = cpu.upload(Float32Array.from({ length: 2 * 16 }, (_, i) => i + 1), [2, 4, 4, 1]);
    expect(augmentStep(images, off, 1, 0)).toBe(images);
    const a = augmentStep(images, on, 1, 3);
    expect(a).not.toBe(images);
    expect(cpu.readSync(a)).toEqual(augmentBatch(cpu.readSync(images) as Float32Array, [4, 4, 1], on, 1, 3));
  });
});

/** Two classes of 8x8 images: a bright blob left or right of centre, plus pixel noise. */
function blobs(n: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const S = 8;
  const x = new Float32Array(n * S * S);
  const y = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    y[i] = label;
    const cx = label ? 5 : 2, cy = 3 + rng.int(2);
    for (let r = 0; r < S; r++)
      for (let c = 0; c < S; c++) {
        const d2 = (r - cy) ** 2 + (c - cx) ** 2;
        x[i * S * S + r * S + c] = Math.exp(-d2 / 2) + 0.1 * rng.normal();
      }
  }
  return { task: 'classification', inputShape: [S, S, 1], numClasses: 2, x, y, n };
}

describe('training with augmentation on (CPU)', () => {
  it('augments every step with that step\'s stream; the loss stays finite and falls', async () => {
    const split: Split = { train: blobs(256, 1), test: blobs(128, 2), stats: { method: 'none', offset: [0], divisor: [1] } };
    const experiment = experimentSchema.parse({
      version: 1,
      seed: 7,
      data: { dataset: 'mnist', normalize: 'none', augment: { shift: 1, flip: false, noise: 0.05 } },
      model: { layers: [{ type: 'flatten' }, { type: 'dense', units: 16, activation: 'relu' }, { type: 'dense', units: 2 }] },
      loss: 'softmaxCrossEntropy',
      optimizer: { type: 'adam', lr: 0.01 },
      schedule: { type: 'constant' },
      training: { batchSize: 32, epochs: 6 },
      backend: 'cpu',
    });
    const backend = createCpuBackend('f32');
    const steps: number[] = [];
    const kernel = backend.augmentImages.bind(backend);
    backend.augmentImages = (x, opts, seed, stream) => {
      steps.push(typeof stream === 'number' ? stream : stream.block.u32[stream.index]);
      expect(x.shape).toEqual([32, 8, 8, 1]);
      return kernel(x, opts, seed, stream);
    };
    const losses: number[] = [];
    const evals: EvalMetrics[] = [];
    const trainer = await Trainer.create(experiment, {
      backend,
      split,
      progressEvery: 4,
      onEvent: (e: TrainEvent) => {
        if (e.kind === 'progress') losses.push(e.trainLoss);
        if (e.kind === 'eval') evals.push(e);
      },
    });
    const final: FinalMetrics | null = await trainer.run();
    trainer.dispose();
    expect(final).not.toBeNull();
    expect(steps).toEqual(Array.from({ length: trainer.totalSteps }, (_, i) => i));
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.length).toBeGreaterThan(5);
    const head = losses.slice(0, 2).reduce((a, b) => a + b) / 2;
    const tail = losses.slice(-2).reduce((a, b) => a + b) / 2;
    expect(tail).toBeLessThan(head * 0.7);
    expect(final!.testAccuracy).toBeGreaterThan(0.9);
  });
});
