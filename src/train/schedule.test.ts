import { describe, expect, it } from 'vitest';
import { optimCases } from '../testdata/goldens';
import { learningRateAt } from './schedule';
import type { ScheduleSpec } from '../spec';

describe('learning-rate schedules', () => {
  it('match the PyTorch goldens step by step', () => {
    const withSchedule = optimCases.filter((c) => c.schedule);
    expect(withSchedule.length).toBeGreaterThan(4);
    for (const c of withSchedule) {
      const s = c.schedule!;
      const spec = { type: s.type, warmupSteps: s.warmupSteps ?? 0, stepSize: s.stepSize, gamma: s.gamma } as ScheduleSpec;
      c.lrPerStep.forEach((lr, step) => {
        expect(learningRateAt(spec, c.optimizer.lr, step, s.totalSteps), `${c.name} step ${step}`).toBeCloseTo(lr, 9);
      });
    }
  });

  it('warms up linearly and ends cosine at zero', () => {
    const spec = { type: 'cosine', warmupSteps: 4 } as ScheduleSpec;
    expect(learningRateAt(spec, 1, 0, 100)).toBeCloseTo(0.25);
    expect(learningRateAt(spec, 1, 3, 100)).toBeCloseTo(1);
    expect(learningRateAt(spec, 1, 100, 100)).toBeCloseTo(0);
  });
});
