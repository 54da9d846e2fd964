// The decision boundary's attack arrows on WebGPU (Dawn): issued between training steps,
// outside the inspection queue, they change nothing about the run (losses, weights, the
// step's counters); their ends are the FGSM definition on the GPU's own input gradient.
import { describe, expect, it } from 'vitest';
import { gpuBackend } from '../engine/webgpu/test-backend';
import { tidy } from '../engine/tensor';
import { loadDataset, memoryIo } from '../data';
import { modelInputGradient } from '../train/input-gradient';
import { Trainer } from '../train/trainer';
import type { ProgressMetrics, TrainEvent } from '../train/types';
import { attackArrows } from './attack-arrows';
import { probeExperiment } from './probe-test-helpers';

const gpuExperiment = () => probeExperiment((e) => { e.backend = 'webgpu'; e.training.epochs = 3; });

describe('attack arrows on WebGPU (Dawn)', () => {
  it('made between steps while training, they change nothing: same losses, weights and step counters', async () => {
    const b = await gpuBackend();
    const experiment = gpuExperiment();
    const split = await loadDataset(experiment.data, experiment.seed, memoryIo({}), { syntheticSamples: 300 });
    const runOnce = async (withArrows: boolean) => {
      const progress: ProgressMetrics[] = [];
      const sets: Promise<unknown>[] = [];
      const holder: { t: Trainer | null } = { t: null };
      const onEvent = (e: TrainEvent) => {
        if (e.kind !== 'progress') return;
        progress.push(e);
        const t = holder.t;
        // As the driver does: issued from the progress report, not awaited by the loop.
        if (withArrows && t) sets.push(attackArrows(b, t.attackTarget(), split, { method: e.step % 2 ? 'fgsm' : 'pgd', epsilon: 0.3, steps: 3 }, e.step, (w) => t.excludeFromCounters(w)));
      };
      const trainer = holder.t = await Trainer.create(experiment, { backend: b, split, onEvent, progressEvery: 1 });
      await trainer.run();
      await Promise.all(sets);
      const weights = await trainer.exportWeights();
      trainer.dispose();
      return { progress, weights, sets: sets.length };
    };
    const plain = await runOnce(false);
    const attacked = await runOnce(true);
    expect(attacked.sets).toBe(plain.progress.length);
    expect(attacked.sets).toBeGreaterThan(5);
    expect(attacked.progress.map((p) => p.trainLoss)).toEqual(plain.progress.map((p) => p.trainLoss));
    attacked.weights.forEach((w, i) => expect(Array.from(w.data), w.name).toEqual(Array.from(plain.weights[i].data)));
    expect(attacked.progress.map((p) => [p.submitsPerStep, p.readbacksPerStep, p.dispatchesPerStep])).toEqual(plain.progress.map((p) => [p.submitsPerStep, p.readbacksPerStep, p.dispatchesPerStep]));
  });

  it('FGSM ends are x + ε·sign(∇) with the GPU\'s input gradient, mapped back to the raw plane', async () => {
    const b = await gpuBackend();
    const experiment = probeExperiment((e) => { e.backend = 'webgpu'; e.training.epochs = 3; e.data.normalize = 'standard'; });
    const split = await loadDataset(experiment.data, experiment.seed, memoryIo({}), { syntheticSamples: 300 });
    const trainer = await Trainer.create(experiment, { backend: b, split, onEvent: () => {} });
    await trainer.run();
    const t = trainer.attackTarget();
    const epsilon = 0.2;
    const a = await attackArrows(b, t, split, { method: 'fgsm', epsilon }, trainer.stepsDone);
    const n = a.clean.length;
    expect(n).toBe(split.test.n);
    const x = b.upload(split.test.x.subarray(0, 2 * n), [n, 2]);
    const y = b.upload(split.test.y.subarray(0, n), [n], 'u32');
    const g = await tidy(() => b.read(modelInputGradient(t.model, t.weights, x, y, t.loss).grad));
    const { offset, divisor } = split.stats;
    for (let i = 0; i < 2 * n; i++) {
      const f = i % 2;
      expect(a.to[i]).toBeCloseTo((split.test.x[i] + epsilon * Math.sign(g[i])) * divisor[f] + offset[f], 4);
    }
    x.dispose();
    y.dispose();
    trainer.dispose();
  });
});
