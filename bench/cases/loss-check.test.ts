// The benchmark's loss check (suite.ts) is evidence that both engines train the same model
// only if a real error fails it. A gradient off by 2x on the SGD case (the same as a doubled
// learning rate) must exceed the tolerance over the default check steps; two steps were not
// enough to be sure. (Adam is blind to the scale of a gradient, by design: m/sqrt(v) cancels
// it, so for Adam rows the check catches everything but a pure rescaling.)
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../src/engine/cpu/backend';
import { cnnCase } from './models';
import { oursTrain } from './ours';
import { lossDisagreement } from './suite';
import { DEFAULT_OPTIONS, SOFTWARE_DEFAULTS } from './types';
import { dirtyRefusal } from './git';

describe('the benchmark loss check', () => {
  it('fails a 2x gradient error on the SGD case over the default steps, and passes the same run', async () => {
    const steps = DEFAULT_OPTIONS.checkSteps;
    expect(steps).toBeGreaterThanOrEqual(20);
    expect(SOFTWARE_DEFAULTS.checkSteps ?? steps).toBe(steps);
    const base = cnnCase(8);
    const losses = (lrScale: number) => oursTrain(createCpuBackend('f32'), { ...base, lr: base.lr * lrScale }).losses(steps);
    const right = await losses(1);
    expect(lossDisagreement(await losses(1), right)).toBe(0);
    const doubled = lossDisagreement(await losses(2), right);
    expect(doubled).toBeGreaterThan(10 * DEFAULT_OPTIONS.lossTolerance);
  }, 60_000);

  it('a run on a tree with uncommitted changes is refused unless --allow-dirty', () => {
    expect(dirtyRefusal('abc1234', false)).toBeNull();
    expect(dirtyRefusal('abc1234-dirty', false)).toMatch(/uncommitted changes.*--allow-dirty/);
    expect(dirtyRefusal('abc1234-dirty', true)).toBeNull();
  });
});
