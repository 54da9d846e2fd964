import { describe, expect, it } from 'vitest';
import { officialSplit, splitDataset } from './split';
import type { Dataset } from './types';

const numbered = (n: number): Dataset => ({
  task: 'classification', inputShape: [2], numClasses: 2,
  x: Float32Array.from({ length: 2 * n }, (_, i) => Math.floor(i / 2)),
  y: Uint32Array.from({ length: n }, (_, i) => i % 2), n,
});
const ids = (ds: Dataset) => Array.from({ length: ds.n }, (_, i) => ds.x[2 * i]);

describe('splits', () => {
  it('sizes follow trainFraction and validationFraction', () => {
    const s = splitDataset(numbered(1000), { seed: 1, trainFraction: 0.8 });
    expect([s.train.n, s.test.n, s.validation]).toEqual([800, 200, undefined]);
    const v = splitDataset(numbered(1000), { seed: 1, trainFraction: 0.8, validationFraction: 0.25 });
    expect([v.train.n, v.validation?.n, v.test.n]).toEqual([600, 200, 200]);
    expect(v.train.x.length).toBe(1200);
  });

  it('is deterministic per seed, disjoint and complete, rows kept intact', () => {
    const a = splitDataset(numbered(100), { seed: 4, trainFraction: 0.7, validationFraction: 0.1 });
    const b = splitDataset(numbered(100), { seed: 4, trainFraction: 0.7, validationFraction: 0.1 });
    const c = splitDataset(numbered(100), { seed: 5, trainFraction: 0.7, validationFraction: 0.1 });
    expect(ids(a.train)).toEqual(ids(b.train));
    expect(ids(a.train)).not.toEqual(ids(c.train));
    const all = [...ids(a.train), ...ids(a.validation!), ...ids(a.test)].sort((p, q) => p - q);
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i));
    for (let i = 0; i < a.test.n; i++) {
      expect(a.test.x[2 * i + 1]).toBe(a.test.x[2 * i]);
      expect(a.test.y[i]).toBe(a.test.x[2 * i] % 2);
    }
  });

  it('keeps an official split and carves validation out of its training part', () => {
    const train = numbered(60);
    const test = numbered(10);
    const s = officialSplit(train, test, { seed: 1 });
    expect(s.train).toBe(train);
    expect(s.test).toBe(test);
    const v = officialSplit(train, test, { seed: 1, validationFraction: 0.1 });
    expect([v.train.n, v.validation?.n, v.test.n]).toEqual([54, 6, 10]);
  });

  it('rejects fractions out of range', () => {
    expect(() => splitDataset(numbered(10), { seed: 1, trainFraction: 1 })).toThrow(/trainFraction/);
  });
});
