// Augmentation inside the compiled training step on WebGPU: the replayed plan re-reads the
// step from its uniform block, so GPU training with augmentation follows the CPU backend
// step by step (same shifts, flips and noise), and differs from training without it.
import { describe, expect, it } from 'vitest';
import { gpuBackend } from '../engine/webgpu/test-backend';
import { createCpuBackend } from '../engine/cpu/backend';
import { Rng } from '../engine/random';
import type { Dataset, Split } from '../data/types';
import { experimentOf, train } from './test-helpers';

/** Two classes of 8x8 images: a blob left or right of centre, plus pixel noise. */
function blobs(n: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const S = 8;
  const x = new Float32Array(n * S * S);
  const y = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    const cx = y[i] ? 5 : 2, cy = 3 + rng.int(2);
    for (let r = 0; r < S; r++)
      for (let c = 0; c < S; c++) x[i * S * S + r * S + c] = Math.exp(-((r - cy) ** 2 + (c - cx) ** 2) / 2) + 0.1 * rng.normal();
  }
  return { task: 'classification', inputShape: [S, S, 1], numClasses: 2, x, y, n };
}

const experiment = (augment: { shift: number; flip: boolean; noise: number }) =>
  experimentOf({
    version: 1,
    seed: 5,
    data: { dataset: 'mnist', normalize: 'none', augment },
    model: { layers: [{ type: 'flatten' }, { type: 'dense', units: 16, activation: 'relu' }, { type: 'dense', units: 2 }] },
    loss: 'softmaxCrossEntropy',
    optimizer: { type: 'adam', lr: 0.01 },
    training: { batchSize: 32, epochs: 2 },
    backend: 'webgpu',
  });

describe('augmentation in the compiled step (WebGPU)', () => {
  it('follows the CPU backend step by step and changes training', async () => {
    const split: Split = { train: blobs(128, 1), test: blobs(64, 2), stats: { method: 'none', offset: [0], divisor: [1] } };
    const on = experiment({ shift: 1, flip: true, noise: 0.05 });
    const gpu = await train(await gpuBackend(), on, split, { progressEvery: 1 });
    const cpu = await train(createCpuBackend('f32'), on, split, { progressEvery: 1 });
    const plain = await train(createCpuBackend('f32'), experiment({ shift: 0, flip: false, noise: 0 }), split, { progressEvery: 1 });
    expect(gpu.progress).toHaveLength(8);
    gpu.progress.forEach((p, i) => expect(Math.abs(p.trainLoss - cpu.progress[i].trainLoss), `step ${i + 1}`).toBeLessThan(1e-4));
    expect(Math.abs(gpu.final!.testLoss - cpu.final!.testLoss)).toBeLessThan(1e-4);
    // Step 1 sees the same weights; its loss differs only through the augmented batch.
    expect(Math.abs(plain.progress[0].trainLoss - cpu.progress[0].trainLoss)).toBeGreaterThan(1e-4);
    gpu.trainer.dispose();
  });
});
