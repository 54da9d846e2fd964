import { describe, expect, it } from 'vitest';
import { ThroughputWindow } from './throughput';

const counters = (dispatches: number, submits: number, readbacks: number) => ({ dispatches, submits, readbacks });

describe('ThroughputWindow', () => {
  it('measures samples, time and counters per step from the oldest stamp', () => {
    const w = new ThroughputWindow(32, 1e6, 3);
    w.restart(1000, 0, counters(0, 0, 0));
    const r = w.stamp(1500, 10, counters(120, 10, 1));
    expect(r.samplesPerSec).toBeCloseTo(640); // 320 samples in 0.5 s
    expect(r.msPerStep).toBeCloseTo(50);
    expect(r.gflops).toBeCloseTo((3 * 1e6 * 640) / 1e9);
    expect([r.dispatchesPerStep, r.submitsPerStep, r.readbacksPerStep]).toEqual([12, 1, 0.1]);
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

  it('reports zero rates (not NaN) for a stamp at the start', () => {
    const w = new ThroughputWindow(8, 1);
    const r = w.stamp(10, 0, counters(5, 1, 0));
    expect(r.samplesPerSec).toBe(0);
    expect(Object.values(r).every(Number.isFinite)).toBe(true);
  });
});
