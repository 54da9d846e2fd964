import { describe, expect, it } from 'vitest';
import { gpuBackend } from '../engine/webgpu/test-backend';
import { createCpuBackend } from '../engine/cpu/backend';
import { generateSynthetic } from '../data/synthetic';
import { splitDataset } from '../data/split';
import type { Split } from '../data/types';
import { trainRuns } from '../testdata/goldens';
import { experimentOf, goldenExperiment, runToFailure, statefulMlp, stepsFrom, train, weightsAfter } from './test-helpers';
import { divergingSpiral, firstNonFiniteByHand, gradientCase, gradientNormCase, lossCase, middleLayerCase } from './non-finite-cases';
import { NonFiniteError, type ProgressMetrics } from './types';
import { Trainer } from './trainer';
import type { TrainEvent } from './types';

function spiralSplit(n = 256): Split {
  const ds = generateSynthetic('spiral', { seed: 3, noise: 0.1, n });
  const parts = splitDataset(ds, { seed: 3, trainFraction: 0.5 });
  return { ...parts, stats: { method: 'none', offset: [0, 0], divisor: [1, 1] } } as Split;
}

const mlp = (epochs: number) =>
  experimentOf({
    version: 1,
    seed: 11,
    data: { dataset: 'spiral', noise: 0.1, trainFraction: 0.5, normalize: 'none' },
    model: {
      layers: [
        { type: 'dense', units: 16, activation: 'tanh' },
        { type: 'dropout', rate: 0.25 },
        { type: 'dense', units: 12, activation: 'relu' },
        { type: 'layerNorm' },
        { type: 'dense', units: 2 },
      ],
    },
    loss: 'softmaxCrossEntropy',
    optimizer: { type: 'adamw', lr: 0.01, weightDecay: 0.01 },
    schedule: { type: 'cosine', warmupSteps: 3 },
    training: { batchSize: 32, epochs, clipGradNorm: 1 },
    backend: 'webgpu',
  });

describe('trainer on WebGPU (Dawn)', () => {
  for (const run of trainRuns) {
    it(`matches PyTorch step by step: ${run.name}`, async () => {
      const { experiment, split } = goldenExperiment(run, run.lossPerStep.length);
      const log = await train(await gpuBackend(), experiment, split, { progressEvery: 1, setup: (t) => t.setWeights(run.params0.map((p) => p.data)) });
      expect(log.progress).toHaveLength(run.lossPerStep.length);
      log.progress.forEach((p, i) => expect(p.trainLoss, `step ${i}`).toBeCloseTo(run.lossPerStep[i], 4));
      // The weights PyTorch ends with, not only its losses.
      const weights = await log.trainer.exportWeights();
      run.finalParams.forEach((p, i) => {
        expect(weights[i].shape, p.name).toEqual(p.shape);
        p.data.forEach((v, k) => expect(Math.abs(weights[i].data[k] - v), `${p.name}[${k}]`).toBeLessThan(2e-4 * Math.max(1, Math.abs(v))));
      });
      log.trainer.dispose();
    });
  }

  it('agrees with the CPU backend on every step (same data order, weights and dropout masks)', async () => {
    const split = spiralSplit();
    const experiment = mlp(2);
    const gpu = await train(await gpuBackend(), experiment, split, { progressEvery: 1 });
    const cpu = await train(createCpuBackend('f32'), experiment, split, { progressEvery: 1 });
    expect(gpu.progress).toHaveLength(cpu.progress.length);
    gpu.progress.forEach((p, i) => expect(Math.abs(p.trainLoss - cpu.progress[i].trainLoss), `step ${i + 1}`).toBeLessThan(1e-4));
    expect(Math.abs(gpu.final!.testLoss - cpu.final!.testLoss)).toBeLessThan(1e-4);
    gpu.trainer.dispose();
    // No floating-point atomics anywhere: the same adapter repeats the curve bit for bit.
    const again = await train(await gpuBackend(), experiment, split, { progressEvery: 1 });
    expect(again.progress.map((p) => p.trainLoss)).toEqual(gpu.progress.map((p) => p.trainLoss));
    again.trainer.dispose();
  });

  it('replays the compiled step with one submit per step, keeps memory flat, and computes what the CPU computes', async () => {
    const b = await gpuBackend();
    const split = spiralSplit();
    const losses = (into: number[]) => (e: TrainEvent) => { if (e.kind === 'progress') into.push(e.trainLoss); };
    const gpuLosses: number[] = [];
    const cpuLosses: number[] = [];
    const trainer = await Trainer.create(mlp(3), { backend: b, split, onEvent: losses(gpuLosses), progressEvery: 4 });
    const reference = await Trainer.create(mlp(3), { backend: createCpuBackend('f32'), split, onEvent: losses(cpuLosses), progressEvery: 4 });
    await trainer.step(); // traced
    await trainer.step();
    const before = b.counters();
    const memBefore = b.memory().liveBuffers;
    // Crosses an epoch boundary (4 steps per epoch): a new data order is written between replays.
    for (let i = 0; i < 8; i++) await trainer.step();
    const after = b.counters();
    expect(after.submits - before.submits).toBe(8);
    expect(after.readbacks - before.readbacks).toBe(8);
    expect(b.memory().liveBuffers).toBe(memBefore);
    for (let i = 0; i < 10; i++) await reference.step();
    // Every replayed step saw its own batch, dropout mask and learning rate: the losses and
    // the final weights follow the CPU reference step by step.
    expect(gpuLosses).toHaveLength(10);
    gpuLosses.forEach((l, i) => expect(Math.abs(l - cpuLosses[i]), `step ${i + 1}`).toBeLessThan(1e-4));
    const [got, want] = [await trainer.exportWeights(), await reference.exportWeights()];
    got.forEach((t, i) => t.data.forEach((v, k) => expect(Math.abs(v - want[i].data[k]), `${t.name}[${k}]`).toBeLessThan(1e-4)));
    trainer.dispose();
    reference.dispose();
  });

  it('saves and restores the training state bit for bit (same adapter)', async () => {
    const events: TrainEvent[] = [];
    const trainer = await Trainer.create(statefulMlp('webgpu'), { backend: await gpuBackend(), split: spiralSplit(100), onEvent: (e) => events.push(e), progressEvery: 1 });
    await stepsFrom(trainer, events, 4);
    const saved = await trainer.save();
    const first = await stepsFrom(trainer, events, 4);
    await trainer.restore(saved);
    const again = await stepsFrom(trainer, events, 4);
    expect(again.losses).toEqual(first.losses);
    expect(again.weights).toEqual(first.weights);
    trainer.dispose();
  });

  for (const [name, make] of [['a middle layer\'s output', middleLayerCase], ['the loss', lossCase], ['a gradient', gradientCase], ['a gradient norm', gradientNormCase]] as const) {
    it(`stops at the exact step and names where the first non-finite value appeared: ${name}`, async () => {
      const c = make('webgpu');
      const b = await gpuBackend();
      const { error, trainer } = await runToFailure(b, c.experiment, c.split, { weights: c.weights });
      expect(error).toBeInstanceOf(NonFiniteError);
      expect({ step: (error as NonFiniteError).step, layer: (error as NonFiniteError).layer }).toEqual(c.expected);
      expect((error as NonFiniteError).message).toContain(`Training stopped at step ${c.expected.step}: `);
      expect((error as NonFiniteError).message).toContain(`The first non-finite values appeared in ${c.where}`);
      expect((await trainer.exportWeights()).map((w) => w.data)).toEqual(await weightsAfter(b, c.experiment, c.split, 0, c.weights));
      trainer.dispose();
    });
  }

  it('stops a diverging run at the step and layer the CPU eager loop finds; the weights are those after step k - 1', async () => {
    const b = await gpuBackend();
    const { experiment, split } = divergingSpiral('webgpu');
    const initial = await weightsAfter(b, experiment, split, 0);
    const expected = firstNonFiniteByHand(experiment, split, initial, 100)!;
    const { error, trainer, events } = await runToFailure(b, experiment, split, { progressEvery: 10 });
    expect({ step: (error as NonFiniteError).step, layer: (error as NonFiniteError).layer }).toEqual(expected);
    expect(trainer.stepsDone).toBe(expected.step - 1);
    expect(events.every((e) => e.kind !== 'progress' || e.step < expected.step)).toBe(true);
    expect((await trainer.exportWeights()).map((w) => w.data)).toEqual(await weightsAfter(b, experiment, split, expected.step - 1));
    trainer.dispose();
  });

  it('guards every step without an extra submit or readback: 1 submit per step, 1 read per window', async () => {
    const e = mlp(1);
    e.training.batchSize = 2; // 64 steps in the epoch
    const progress: ProgressMetrics[] = [];
    const trainer = await Trainer.create(e, { backend: await gpuBackend(), split: spiralSplit(), onEvent: (x) => x.kind === 'progress' && progress.push(x), progressEvery: 4 });
    await trainer.run();
    // The rate window of the read at step 60 spans steps 40..60: replays only.
    const late = progress.find((p) => p.step === 60)!;
    expect([late.submitsPerStep, late.readbacksPerStep]).toEqual([1, 0.25]);
    trainer.dispose();
  });
});
