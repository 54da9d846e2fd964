import { describe, expect, it } from 'vitest';
import { ThroughputWindow } from './throughput';
import { KernelSampler } from './kernel-sampler';

const counters = (dispatches: number, submits: number, readbacks: number) => ({ dispatches, submits, readbacks });

describe('ThroughputWindow', () => {
  it('measures samples, time and counters per step from the oldest stamp', () => {
    const w = new ThroughputWindow(32, 1e6, 3);
    w.restart(1000, 0, counters(0, 0, 0));
    const r = w.stamp(1500, 10, counters(120, 10, 1));
    expect(r.samplesPerSec).toBeCloseTo(640); // 320 samples in 0.5 s
    expect(r.msPerStep).toBeCloseTo(50);
    expect(r.gflops).toBeCloseTo((1e6 * 640) / 1e9);
    expect([r.dispatchesPerStep, r.submitsPerStep, r.readbacksPerStep]).toEqual([12, 1, 0.1]);
    expect(r.timed).toBe(true);
  });

  it('slides: a burst and a stall average out over the window, and old stamps leave it', () => {
    const w = new ThroughputWindow(1, 0, 3);
    w.restart(0, 0, counters(0, 0, 0));
    w.stamp(100, 10, counters(0, 0, 0));
    // 10 more steps arrive almost at once (queued ahead): measured from t=0, not from t=100.
    expect(w.stamp(101, 20, counters(0, 0, 0)).msPerStep).toBeCloseTo(101 / 20);
    // The window holds 3 stamps: [100, 101, 300]; the next rate starts at t=100, step 10.
    expect(w.stamp(300, 30, counters(0, 0, 0)).msPerStep).toBeCloseTo(300 / 30);
    expect(w.stamp(400, 40, counters(0, 0, 0)).msPerStep).toBeCloseTo((400 - 100) / 30);
  });

  it('skips a pause (an evaluation) instead of counting it or restarting', () => {
    const w = new ThroughputWindow(10, 0);
    w.restart(0, 0, counters(0, 0, 0));
    w.stamp(100, 10, counters(0, 0, 0));
    w.skip(5000);
    expect(w.stamp(5200, 20, counters(0, 0, 0)).msPerStep).toBeCloseTo(200 / 20);
  });

  it('reports untimed zero rates (not NaN, not one step over its queueing time) until two stamps of a run exist', () => {
    const w = new ThroughputWindow(8, 1);
    const r = w.stamp(10, 1, counters(5, 1, 0));
    expect(r).toMatchObject({ samplesPerSec: 0, msPerStep: 0, timed: false });
    expect(Object.values(r).filter((v) => typeof v === 'number').every(Number.isFinite)).toBe(true);
    // The untimed stamp opened the window: the next one is measured from it.
    expect(w.stamp(110, 11, counters(25, 11, 0))).toMatchObject({ msPerStep: 10, dispatchesPerStep: 2, timed: true });
  });

  it('a Step press after clear() is untimed and a later run does not reach back to it', () => {
    const w = new ThroughputWindow(64, 0);
    w.clear();
    expect(w.open).toBe(false);
    // The press: one step queued in 0.001 ms would read as 64 million samples/s.
    expect(w.stamp(1000.001, 1, counters(20, 1, 1)).timed).toBe(false);
    w.clear();
    // The run starts a minute later; its first step traces, then the window opens.
    w.restart(61_000, 2, counters(40, 2, 1));
    const r = w.stamp(61_100, 12, counters(240, 12, 2));
    expect(r.timed).toBe(true);
    expect(r.msPerStep).toBeCloseTo(10);
  });

  it('keeps the evaluation\'s dispatches out of the per-step counters', () => {
    const w = new ThroughputWindow(1, 0);
    w.restart(0, 0, counters(0, 0, 0));
    w.stamp(100, 10, counters(100, 10, 1));
    w.skip(50, counters(37, 3, 1)); // the evaluation's work
    const r = w.stamp(250, 20, counters(237, 23, 3));
    expect([r.dispatchesPerStep, r.submitsPerStep, r.readbacksPerStep]).toEqual([10, 1, 0.1]);
  });

  it('leaves a skipped step out altogether: its time, its counters and the step itself (a kernel-timed step)', () => {
    const w = new ThroughputWindow(4, 0);
    w.restart(0, 0, counters(0, 0, 0));
    w.stamp(100, 10, counters(100, 10, 0));
    w.skip(80, counters(10, 1, 1), 1); // step 11, timed kernel by kernel: 80 ms
    const r = w.stamp(280, 21, counters(210, 21, 1));
    // Steps 1-10 and 12-21 at 10 ms each: 20 steps in 200 ms; 10 dispatches and 1 submit each.
    expect(r.msPerStep).toBeCloseTo(10);
    expect(r.samplesPerSec).toBeCloseTo(400);
    expect([r.dispatchesPerStep, r.submitsPerStep, r.readbacksPerStep]).toEqual([10, 1, 0]);
  });
});

describe('KernelSampler', () => {
  it('times the first quiet step from step 20, then at most one step per block of `every`', () => {
    const s = new KernelSampler(300);
    const timed: number[] = [];
    for (let index = 0; index < 1000; index++) {
      const quiet = index % 10 !== 9; // every tenth step reads its metrics back
      if (s.due(index, quiet)) { s.taken(index); timed.push(index); }
    }
    expect(timed).toEqual([20, 300, 600, 900]);
    s.reset();
    expect(s.due(19, true)).toBe(false);
    expect(s.due(20, true)).toBe(true);
    // A resumed run (from step 1000) is sampled at its first quiet step, then on the grid.
    const resumed = new KernelSampler(300);
    expect(resumed.due(1000, false)).toBe(false);
    expect(resumed.due(1001, true)).toBe(true);
    resumed.taken(1001);
    expect(resumed.due(1199, true)).toBe(false);
    expect(resumed.due(1200, true)).toBe(true);
  });
});
