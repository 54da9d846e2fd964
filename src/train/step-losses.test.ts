import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../engine/cpu/backend';
import { runWithStepLosses } from './step-losses-cases';

describe('the first 100 steps\' losses (CPU)', () => {
  it('are reported once, steps 1..100, each equal to that step\'s own progress loss', async () => {
    const run = await runWithStepLosses(createCpuBackend('f32'), 30, 1); // 120 steps
    expect(run.calls).toHaveLength(1);
    const [losses] = run.calls;
    expect(losses.map((l) => l.step)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    losses.forEach((l, i) => expect(l.loss, `step ${l.step}`).toBe(run.progress[i].trainLoss));
  });

  it('cover every step of a run shorter than 100 steps', async () => {
    const run = await runWithStepLosses(createCpuBackend('f32'), 3, 4); // 12 steps, windows of 4
    expect(run.calls.map((c) => c.length)).toEqual([12]);
    // A window's loss is the mean of its steps' losses.
    run.progress.forEach((p, w) => {
      const mean = run.calls[0].slice(4 * w, 4 * w + 4).reduce((a, l) => a + l.loss, 0) / 4;
      expect(p.trainLoss).toBeCloseTo(mean, 6);
    });
  });
});
