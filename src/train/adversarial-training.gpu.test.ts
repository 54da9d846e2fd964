// training.adversarial in the compiled WebGPU step: the attack rides in the traced plan and
// the run follows the CPU's (losses and weights), with batch norm and dropout in the model.
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../engine/cpu/backend';
import { gpuBackend } from '../engine/webgpu/test-backend';
import { loadDataset } from '../data/load';
import { nodeIo } from '../data/node-io';
import { experimentOf, train } from './test-helpers';

const experiment = (backend: 'cpu' | 'webgpu') =>
  experimentOf({
    version: 1,
    seed: 5,
    data: { dataset: 'circle', noise: 0.05, trainFraction: 0.5, normalize: 'standard' },
    model: { layers: [{ type: 'dense', units: 11, activation: 'relu' }, { type: 'batchNorm' }, { type: 'dropout', rate: 0.2 }, { type: 'dense', units: 2 }] },
    loss: 'softmaxCrossEntropy',
    optimizer: { type: 'adam', lr: 0.01 },
    training: { batchSize: 30, epochs: 2, adversarial: { method: 'pgd', epsilon: 0.3, steps: 3, fraction: 0.4 } },
    backend,
  });

describe('adversarial training on WebGPU', () => {
  it('follows the CPU run', async () => {
    const runs = [];
    for (const [kind, backend] of [['cpu', createCpuBackend('f32')], ['webgpu', await gpuBackend()]] as const) {
      const exp = experiment(kind);
      const split = await loadDataset(exp.data, exp.seed, nodeIo(process.cwd()));
      const log = await train(backend, exp, split, { progressEvery: 1 });
      runs.push({ losses: log.progress.map((p) => p.trainLoss), weights: (await log.trainer.exportWeights()).flatMap((w) => Array.from(w.data)), final: log.final });
      log.trainer.dispose();
    }
    const [cpu, gpu] = runs;
    expect(gpu.losses.length).toBe(cpu.losses.length);
    expect(gpu.losses.length).toBeGreaterThan(10);
    gpu.losses.forEach((l, i) => expect(Math.abs(l - cpu.losses[i])).toBeLessThan(2e-3));
    gpu.weights.forEach((w, i) => expect(Math.abs(w - cpu.weights[i])).toBeLessThan(5e-3));
  });
});
