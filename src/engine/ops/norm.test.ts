// Gradients of the norm-family ops vs float64 central finite differences (CPU), plus the
// ops' own behaviour (identity dropout, no-grad gather).
import { describe, expect, it } from 'vitest';
import { gradcheck, f64 } from '../testing/gradcheck';
import { backward, param } from '../tape';
import { batchNorm, dropout, gatherRows, groupNorm, layerNorm, transpose } from './norm';

const TOL = 1e-6;

describe('norm ops: gradients vs float64 finite differences', () => {
  it('batchNorm, training (NHWC, statistics depend on x)', () => {
    const r = gradcheck(
      (b, [x, g, be]) => batchNorm(x, g, be, { mean: b.zeros([3]), variance: b.fill([3], 1) }, { training: true }),
      [{ shape: [2, 3, 2, 3] }, { shape: [3] }, { shape: [3] }],
    );
    expect(r.maxError, JSON.stringify(r.worst)).toBeLessThan(TOL);
  });

  it('batchNorm, training ([N, F] with odd sizes)', () => {
    const r = gradcheck(
      (b, [x, g, be]) => batchNorm(x, g, be, { mean: b.zeros([5]), variance: b.fill([5], 1) }, { training: true, eps: 1e-3 }),
      [{ shape: [7, 5] }, { shape: [5] }, { shape: [5] }],
    );
    expect(r.maxError, JSON.stringify(r.worst)).toBeLessThan(TOL);
  });

  it('batchNorm, inference (running statistics are constants)', () => {
    const r = gradcheck(
      (_b, [x, g, be, rm, rv]) => batchNorm(x, g, be, { mean: rm, variance: rv }, { training: false }),
      [
        { shape: [4, 3] },
        { shape: [3] },
        { shape: [3] },
        { shape: [3], check: false },
        { shape: [3], data: [0.5, 1.5, 2], check: false },
      ],
    );
    expect(r.maxError, JSON.stringify(r.worst)).toBeLessThan(TOL);
  });

  it('layerNorm (rank 3, odd width)', () => {
    const r = gradcheck((_b, [x, g, be]) => layerNorm(x, g, be), [{ shape: [2, 3, 5] }, { shape: [5] }, { shape: [5] }]);
    expect(r.maxError, JSON.stringify(r.worst)).toBeLessThan(TOL);
  });

  // NHWC images with some groups, one group and one channel per group; [N, C] vectors.
  const groupCases: [number[], number][] = [[[2, 3, 2, 6], 3], [[2, 2, 3, 4], 1], [[1, 3, 1, 5], 5], [[3, 6], 2], [[4, 5], 1]];
  for (const [shape, groups] of groupCases) {
    it(`groupNorm [${shape}] in ${groups} groups`, () => {
      const c = shape[shape.length - 1];
      const r = gradcheck((_b, [x, g, be]) => groupNorm(x, g, be, groups), [{ shape }, { shape: [c] }, { shape: [c] }]);
      expect(r.maxError, JSON.stringify(r.worst)).toBeLessThan(TOL);
    });
  }

  it('dropout with a fixed mask (same seed and stream)', () => {
    const r = gradcheck((_b, [x]) => dropout(x, 0.4, 9, 3, true), [{ shape: [5, 7] }]);
    expect(r.maxError, JSON.stringify(r.worst)).toBeLessThan(TOL);
  });

  it('transpose', () => {
    const r = gradcheck((_b, [x]) => transpose(x), [{ shape: [3, 5] }]);
    expect(r.maxError, JSON.stringify(r.worst)).toBeLessThan(TOL);
  });
});

describe('norm ops: behaviour', () => {
  it('dropout is the identity when not training or at rate 0', () => {
    const b = f64();
    const x = b.upload([1, 2, 3], [3]);
    expect(dropout(x, 0.5, 1, 1, false)).toBe(x);
    expect(dropout(x, 0, 1, 1, true)).toBe(x);
    expect(() => dropout(x, 1, 1, 1, true)).toThrow(/rate/);
  });

  it('batchNorm in training updates the running statistics in place', () => {
    const b = f64();
    const running = { mean: b.zeros([2]), variance: b.fill([2], 1) };
    const x = param(b.upload([1, 10, 3, 20], [2, 2]));
    const y = batchNorm(x, b.fill([2], 1), b.zeros([2]), running, { training: true });
    expect(Array.from(b.readSync(running.mean))).toEqual([0.2, 1.5].map((v) => expect.closeTo(v, 12)));
    // unbiased variance of [1, 3] is 2 and of [10, 20] is 50: 0.9 + 0.1·var
    expect(Array.from(b.readSync(running.variance))).toEqual([1.1, 5.9].map((v) => expect.closeTo(v, 12)));
    const grads = backward(y, b.fill([2, 2], 1));
    // Σ of a normalized column is constant, so a uniform upstream has zero dx.
    for (const v of b.readSync(grads.get(x)!)) expect(Math.abs(v)).toBeLessThan(1e-12);
  });

  it('gatherRows records no gradient', () => {
    const b = f64();
    const src = param(b.upload([1, 2, 3, 4], [2, 2]));
    const rows = gatherRows(src, b.upload([1], [1], 'u32'), 0, 1);
    expect(rows.requiresGrad).toBe(false);
    expect(Array.from(b.readSync(rows))).toEqual([3, 4]);
  });
});
