// The live "GPU time per kernel" (kernel-sampler.ts): a run that times one step every few
// steps trains exactly as one that does not (same losses, same weights, same counters per
// step), and each sample names every dispatch of the step.
import { describe, expect, it } from 'vitest';
import { gpuBackend } from '../engine/webgpu/test-backend';
import { generateSynthetic } from '../data/synthetic';
import { splitDataset } from '../data/split';
import type { Split } from '../data/types';
import { experimentOf } from './test-helpers';
import { Trainer } from './trainer';
import type { KernelSample } from './kernel-sampler';
import type { ProgressMetrics, TrainEvent } from './types';

function spiralSplit(): Split {
  const parts = splitDataset(generateSynthetic('spiral', { seed: 5, noise: 0.1, n: 400 }), { seed: 5, trainFraction: 0.5 });
  return { ...parts, stats: { method: 'none', offset: [0, 0], divisor: [1, 1] } } as Split;
}

const experiment = experimentOf({
  version: 1, seed: 4,
  data: { dataset: 'spiral', noise: 0.1, trainFraction: 0.5, normalize: 'none' },
  model: { layers: [{ type: 'dense', units: 12, activation: 'relu' }, { type: 'dropout', rate: 0.2 }, { type: 'dense', units: 2 }] },
  loss: 'softmaxCrossEntropy', optimizer: { type: 'adam', lr: 0.01 }, training: { batchSize: 16, epochs: 4 }, backend: 'webgpu',
});

async function run(sampleEvery?: number) {
  const events: TrainEvent[] = [];
  const samples: KernelSample[] = [];
  const trainer = await Trainer.create(experiment, {
    backend: await gpuBackend(), split: spiralSplit(), onEvent: (e) => events.push(e),
    ...(sampleEvery ? { kernelSampleEvery: sampleEvery, onKernelSample: (s: KernelSample) => samples.push(s) } : {}),
  });
  const final = await trainer.run();
  const weights = (await trainer.exportWeights()).map((w) => Array.from(w.data));
  const progress = events.filter((e): e is ProgressMetrics => e.kind === 'progress');
  trainer.dispose();
  return { final, weights, progress, samples, totalSteps: trainer.totalSteps };
}

describe('kernel sampling during a run (WebGPU)', () => {
  it('changes nothing the run computes, and samples every dispatch of the step', async () => {
    const plain = await run();
    const sampled = await run(30);
    expect(sampled.progress.map((p) => p.trainLoss)).toEqual(plain.progress.map((p) => p.trainLoss));
    expect(sampled.weights).toEqual(plain.weights);
    expect(sampled.final?.testLoss).toBe(plain.final?.testLoss);
    // The first sample comes early, then one per 30 steps, each on a step that reads nothing.
    const steps = sampled.samples.map((s) => s.step);
    expect(steps[0]).toBeGreaterThanOrEqual(21);
    expect(steps[0]).toBeLessThanOrEqual(30);
    expect(steps.length).toBeGreaterThanOrEqual(Math.floor(sampled.totalSteps / 30) - 1);
    // At most one in each block of 30 steps.
    steps.slice(1).forEach((s, i) => expect(Math.floor((s - 1) / 30)).toBeGreaterThan(Math.floor((steps[i] - 1) / 30)));
    const reported = new Set(sampled.progress.map((p) => p.step));
    expect(steps.filter((s) => reported.has(s))).toEqual([]);
    for (const s of sampled.samples) {
      const times = s.times!;
      const names = Object.keys(times);
      // Every dispatch of the step: as many as the throughput counts per step.
      const perStep = plain.progress.filter((p) => p.timed).at(-1)!.dispatchesPerStep;
      expect(names.length).toBe(perStep);
      expect(names.some((n) => /matmul|gemm/i.test(n))).toBe(true);
      expect(Object.values(times).every((ms) => Number.isFinite(ms) && ms >= 0)).toBe(true);
    }
    // The timed steps are left out of the per-step counts: they match the unsampled run's.
    const last = (r: typeof plain) => r.progress.filter((p) => p.timed).at(-1)!;
    expect(last(sampled).dispatchesPerStep).toBe(last(plain).dispatchesPerStep);
    expect(last(sampled).submitsPerStep).toBe(last(plain).submitsPerStep);
  }, 120_000);

  it('a trainer that starts from a saved state past the first sample (a resumed run, a new device) is not stuck on its trace', async () => {
    const split = spiralSplit();
    const backend = await gpuBackend();
    const first = await Trainer.create({ ...experiment, training: { ...experiment.training, epochs: 2 } }, { backend, split, onEvent: () => {} });
    await first.run();
    const saved = await first.save();
    first.dispose();
    expect(saved.step).toBeGreaterThan(20); // the first sample is already due when the new trainer starts
    const samples: KernelSample[] = [];
    const resumed = await Trainer.create(experiment, { backend, split, onEvent: () => {}, kernelSampleEvery: 30, onKernelSample: (s) => samples.push(s) });
    await resumed.restore(saved);
    const final = await resumed.run();
    expect(final?.steps).toBe(resumed.totalSteps);
    expect(samples.length).toBeGreaterThan(0);
    expect(samples[0].step).toBeGreaterThan(saved.step + 1); // not the traced step
    resumed.dispose();
  }, 120_000);
});
