// Training runs with the newer layer types (groupNorm on images and vectors,
// globalAvgPool2d) against PyTorch, step by step, on the CPU trainer.
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../engine/cpu/backend';
import { layerGoldens } from '../../testdata/goldens';
import { goldenExperiment, train } from '../../train/test-helpers';

describe('training with groupNorm and globalAvgPool2d (CPU) matches PyTorch', () => {
  it('has both runs', () => expect(layerGoldens.train.map((r) => r.name)).toHaveLength(2));
  for (const run of layerGoldens.train) {
    it(run.name, async () => {
      const { experiment, split } = goldenExperiment(run, run.lossPerStep.length);
      const log = await train(createCpuBackend('f32'), experiment, split, { progressEvery: 1, setup: (t) => t.setWeights(run.params0.map((p) => p.data)) });
      expect(log.progress.map((p) => p.trainLoss)).toHaveLength(run.lossPerStep.length);
      log.progress.forEach((p, i) => expect(p.trainLoss, `step ${i}`).toBeCloseTo(run.lossPerStep[i], 5));
      const weights = await log.trainer.exportWeights();
      expect(weights.map((w) => w.name)).toEqual(run.finalParams.map((p) => p.name));
      run.finalParams.forEach((p, i) => p.data.forEach((v, k) => expect(weights[i].data[k], `${p.name}[${k}]`).toBeCloseTo(v, 4)));
    });
  }
});
