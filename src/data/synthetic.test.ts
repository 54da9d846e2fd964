import { describe, expect, it } from 'vitest';
import { generateSynthetic, SYNTHETIC_DATASETS } from './synthetic';

const count = (y: ArrayLike<number>, v: number) => Array.from(y).filter((l) => l === v).length;

describe('synthetic datasets', () => {
  it.each(SYNTHETIC_DATASETS)('%s is deterministic per seed', (name) => {
    const a = generateSynthetic(name, { seed: 7, noise: 0.2, n: 200 });
    const b = generateSynthetic(name, { seed: 7, noise: 0.2, n: 200 });
    const c = generateSynthetic(name, { seed: 8, noise: 0.2, n: 200 });
    expect(a.x).toEqual(b.x);
    expect(a.y).toEqual(b.y);
    expect(a.x).not.toEqual(c.x);
    expect(a.n).toBe(200);
    expect(a.x.length).toBe(400);
    expect(a.inputShape).toEqual([2]);
    expect(Array.from(a.x).every(Number.isFinite)).toBe(true);
  });

  it('has balanced classes where the Playground has them', () => {
    for (const name of ['circle', 'gauss', 'spiral'] as const) {
      const ds = generateSynthetic(name, { seed: 1, noise: 0, n: 1000 });
      expect(ds).toMatchObject({ task: 'classification', numClasses: 2 });
      expect(ds.y).toBeInstanceOf(Uint32Array);
      expect(count(ds.y, 1)).toBe(500);
      expect(count(ds.y, 0)).toBe(500);
    }
    const xor = generateSynthetic('xor', { seed: 1, noise: 0, n: 1000 });
    expect(count(xor.y, 1)).toBeGreaterThan(400);
    expect(count(xor.y, 1)).toBeLessThan(600);
  });

  it('labels follow the Playground rules without noise', () => {
    const circle = generateSynthetic('circle', { seed: 3, n: 100 });
    for (let i = 0; i < 100; i++) {
      const r = Math.hypot(circle.x[2 * i], circle.x[2 * i + 1]);
      expect(circle.y[i]).toBe(r < 2.5 ? 1 : 0);
    }
    const xor = generateSynthetic('xor', { seed: 3, n: 100 });
    for (let i = 0; i < 100; i++) {
      expect(Math.abs(xor.x[2 * i])).toBeGreaterThanOrEqual(0.3);
      expect(xor.y[i]).toBe(xor.x[2 * i] * xor.x[2 * i + 1] >= 0 ? 1 : 0);
    }
    const plane = generateSynthetic('plane', { seed: 3, n: 100 });
    expect(plane).toMatchObject({ task: 'regression', numClasses: 0 });
    expect(plane.y).toBeInstanceOf(Float32Array);
    for (let i = 0; i < 100; i++) expect(plane.y[i]).toBeCloseTo((plane.x[2 * i] + plane.x[2 * i + 1]) / 10, 5);
    const mg = generateSynthetic('multigauss', { seed: 3, n: 300 });
    expect(Math.max(...mg.y)).toBeLessThanOrEqual(1);
    expect(Math.min(...mg.y)).toBeGreaterThanOrEqual(-1);
  });

  it('noise flips labels near the boundary', () => {
    const clean = generateSynthetic('circle', { seed: 5, noise: 0, n: 1000 });
    const noisy = generateSynthetic('circle', { seed: 5, noise: 0.5, n: 1000 });
    expect(count(noisy.y, 1)).not.toBe(count(clean.y, 1));
  });
});
