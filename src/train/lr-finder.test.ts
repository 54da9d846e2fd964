import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../engine/cpu/backend';
import { loadDataset } from '../data/load';
import { nodeIo } from '../data/node-io';
import { findLearningRate, SmoothedLoss, suggestLearningRate, sweepLr, type LrProbe } from './lr-finder';
import { statefulMlp } from './test-helpers';
import { Trainer } from './trainer';
import type { TrainEvent } from './types';

/** A probe whose loss is a function of the learning rate; counts saves and restores. */
function fakeProbe(lossAt: (lr: number, i: number) => number) {
  const log = { saves: 0, restores: 0, lrs: [] as number[] };
  const probe: LrProbe<string> = {
    save: async () => { log.saves++; return 'state'; },
    restore: async (s) => { expect(s).toBe('state'); log.restores++; },
    stepAt: async (lr) => { log.lrs.push(lr); return lossAt(lr, log.lrs.length - 1); },
  };
  return { probe, log };
}

describe('lr finder: the pure parts', () => {
  it('smooths with a bias-corrected EMA (hand computation, beta 0.98)', () => {
    const s = new SmoothedLoss(0.98);
    // t=1: avg = 0.02·1 = 0.02, / (1 - 0.98) = 1
    expect(s.add(1)).toBeCloseTo(1, 12);
    // t=2: avg = 0.98·0.02 + 0.02·2 = 0.0596, / (1 - 0.9604) = 0.0596 / 0.0396
    expect(s.add(2)).toBeCloseTo(0.0596 / 0.0396, 12);
    // t=3: avg = 0.98·0.0596 + 0.02·3 = 0.118408, / (1 - 0.941192)
    expect(s.add(3)).toBeCloseTo(0.118408 / 0.058808, 12);
  });

  it('sweeps exponentially from minLr to maxLr', () => {
    expect(sweepLr(0, 100, 1e-7, 10)).toBeCloseTo(1e-7, 20);
    expect(sweepLr(99, 100, 1e-7, 10)).toBeCloseTo(10, 10);
    // Equal ratios between neighbours: 8 decades over 99 intervals.
    const r = sweepLr(51, 100, 1e-7, 10) / sweepLr(50, 100, 1e-7, 10);
    expect(r).toBeCloseTo(10 ** (8 / 99), 12);
  });

  it('suggests the start of the steepest descent before the minimum, not after it', () => {
    const lrs = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10];
    const losses = [2.0, 1.9, 1.2, 1.0, 0.9, 50];
    // Drops per decade: 0.1, 0.7, 0.2, 0.1 (steepest from 1e-3 to 1e-2); the minimum is at 1;
    // the rise after it (and any steeper fall in a later, unseen part) does not count.
    expect(suggestLearningRate(lrs.map((lr, i) => ({ lr, smoothedLoss: losses[i] })))).toBe(1e-3);
    const later = [2.0, 1.9, 1.8, 3.0, 0.1, 0.2];
    // Here the minimum is at 1 and the steepest fall before it is 3.0 -> 0.1 from 1e-1.
    expect(suggestLearningRate(lrs.map((lr, i) => ({ lr, smoothedLoss: later[i] })))).toBe(1e-1);
    // A loss that only rises: the first learning rate.
    expect(suggestLearningRate(lrs.map((lr, i) => ({ lr, smoothedLoss: i + 1 })))).toBe(1e-4);
  });

  it('stops early once the smoothed loss exceeds 4x its minimum, and restores the state', async () => {
    // Loss 1 until step 30, then 1000: the smoothed loss crosses 4 within a few steps.
    const { probe, log } = fakeProbe((_, i) => (i < 30 ? 1 : 1000));
    const r = await findLearningRate(probe, { beta: 0.98 });
    const s = new SmoothedLoss(0.98);
    let expected = 1;
    while (s.add(expected <= 30 ? 1 : 1000) <= 4) expected++;
    expect(r.points).toHaveLength(expected);
    expect(r.points.at(-1)!.smoothedLoss).toBeGreaterThan(4);
    expect(r.points.at(-2)!.smoothedLoss).toBeLessThanOrEqual(4);
    expect(r.stoppedEarly).toBe('diverged');
    expect(log).toMatchObject({ saves: 1, restores: 1 });
    expect(r.minLr).toBe(1e-7);
    expect(r.maxLr).toBe(10);
  });

  it('runs all steps when the loss never diverges, and restores after a failing step', async () => {
    const { probe, log } = fakeProbe((lr) => 1 / (1 + lr));
    const r = await findLearningRate(probe, { steps: 20, minLr: 1e-3, maxLr: 1 });
    expect(r.points).toHaveLength(20);
    expect(r.stoppedEarly).toBeNull();
    expect(log.lrs[0]).toBeCloseTo(1e-3, 15);
    expect(log.lrs[19]).toBeCloseTo(1, 12);
    const failing = fakeProbe((_, i) => { if (i === 3) throw new Error('boom'); return 1; });
    await expect(findLearningRate(failing.probe)).rejects.toThrow('boom');
    expect(failing.log.restores).toBe(1);
    const nan = await findLearningRate(fakeProbe((_, i) => (i === 5 ? NaN : 1)).probe);
    expect(nan.points).toHaveLength(5);
    expect(nan.stoppedEarly).toBe('nonFinite');
  });
});

describe('lr finder on the CPU trainer', () => {
  it('suggests a rate inside the sweep and leaves the state bit for bit as it was', async () => {
    const experiment = statefulMlp('cpu');
    const split = await loadDataset(experiment.data, experiment.seed, nodeIo(process.cwd()));
    const events: TrainEvent[] = [];
    const trainer = await Trainer.create(experiment, { backend: createCpuBackend('f32'), split, onEvent: (e) => events.push(e) });
    // A few steps first, so the optimizer state and statistics are not just zeros.
    for (let i = 0; i < 3; i++) await trainer.step();
    const before = await trainer.save();
    const seen: number[] = [];
    const r = await trainer.findLearningRate({}, (p) => seen.push(p.lr));
    const after = await trainer.save();
    expect(after.step).toBe(before.step);
    expect(after.epoch).toBe(before.epoch);
    const bits = (a: Float32Array[]) => a.map((x) => Array.from(new Uint32Array(x.buffer, x.byteOffset, x.length)));
    expect(bits(after.params)).toEqual(bits(before.params));
    expect(after.optimizer.map(bits)).toEqual(before.optimizer.map(bits));
    expect(bits(after.running)).toEqual(bits(before.running));
    expect(r.suggestedLr).toBeGreaterThanOrEqual(r.minLr);
    expect(r.suggestedLr).toBeLessThanOrEqual(r.maxLr);
    expect(r.points.length).toBeGreaterThan(10);
    expect(seen).toEqual(r.points.map((p) => p.lr));
    // The sweep reported no training progress.
    expect(events.filter((e) => e.kind === 'progress')).toHaveLength(3);
    trainer.dispose();
  });

  it('leaves the next training steps exactly as without the sweep', async () => {
    const experiment = statefulMlp('cpu');
    const split = await loadDataset(experiment.data, experiment.seed, nodeIo(process.cwd()));
    const losses = async (sweep: boolean) => {
      const events: TrainEvent[] = [];
      const t = await Trainer.create(experiment, { backend: createCpuBackend('f32'), split, onEvent: (e) => events.push(e) });
      await t.step();
      if (sweep) await t.findLearningRate({ steps: 30 });
      for (let i = 0; i < 3; i++) await t.step();
      t.dispose();
      return events.filter((e) => e.kind === 'progress').map((e) => e.trainLoss);
    };
    expect(await losses(true)).toEqual(await losses(false));
  });
});
