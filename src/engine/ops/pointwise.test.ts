// Pointwise ops on the CPU: gradients vs float64 finite differences, and values on edge cases.
import { describe, expect, it } from 'vitest';
import { gradcheck, type GradInput } from '../testing/gradcheck';
import { createCpuBackend } from '../cpu/backend';
import { ACTIVATIONS } from '../kernels/pointwise';
import type { Tensor } from '../tensor';
import * as ops from './pointwise';

const TOL = 1e-6;

function expectGrad(fn: (inputs: Tensor[]) => Tensor, specs: GradInput[]): void {
  const r = gradcheck((_b, xs) => fn(xs), specs);
  expect(r.maxError, JSON.stringify(r.worst)).toBeLessThan(TOL);
}

/** Values in [lo, hi) away from kinks at 0. */
function away(n: number, lo = 0.2, hi = 1.5, seed = 3): number[] {
  let s = seed;
  return Array.from({ length: n }, (_, i) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    const v = lo + ((s / 2147483648) * (hi - lo));
    return i % 2 ? -v : v;
  });
}

describe('pointwise ops: gradients vs float64 finite differences', () => {
  const broadcastCases: [string, number[], number[]][] = [
    ['same shape', [3, 4], [3, 4]],
    ['row vector', [3, 4], [4]],
    ['column', [3, 1], [3, 4]],
    ['scalar', [2, 3], [1]],
    ['both ways', [2, 1, 4], [3, 1]],
  ];
  for (const [name, sa, sb] of broadcastCases) {
    it(`add, sub, mul broadcast (${name})`, () => {
      expectGrad(([a, b]) => ops.add(a, b), [{ shape: sa }, { shape: sb }]);
      expectGrad(([a, b]) => ops.sub(a, b), [{ shape: sa }, { shape: sb }]);
      expectGrad(([a, b]) => ops.mul(a, b), [{ shape: sa }, { shape: sb }]);
    });
    it(`div, maximum, minimum broadcast (${name})`, () => {
      const n = sb.reduce((x, y) => x * y, 1);
      expectGrad(([a, b]) => ops.div(a, b), [{ shape: sa }, { shape: sb, data: away(n) }]);
      expectGrad(([a, b]) => ops.maximum(a, b), [{ shape: sa }, { shape: sb }]);
      expectGrad(([a, b]) => ops.minimum(a, b), [{ shape: sa }, { shape: sb }]);
    });
  }

  it('pow with positive base, both gradients, broadcast exponent', () => {
    expectGrad(([a, b]) => ops.pow(a, b), [{ shape: [2, 3], data: away(6, 0.3, 2).map(Math.abs) }, { shape: [3] }]);
  });

  it('a tensor used twice accumulates (x·x + x)', () => {
    expectGrad(([x]) => ops.add(ops.mul(x, x), x), [{ shape: [5] }]);
  });

  for (const act of ACTIVATIONS) {
    it(`activation ${act}`, () => {
      expectGrad(([x]) => ops.activation(x, act, 0.2), [{ shape: [3, 5], data: away(15, 0.05, 3) }]);
    });
  }

  it('neg, exp, log, sqrt, abs, square, scale', () => {
    const pos = { shape: [7], data: away(7, 0.3, 2).map(Math.abs) };
    expectGrad(([x]) => ops.neg(x), [{ shape: [7] }]);
    expectGrad(([x]) => ops.exp(x), [{ shape: [7] }]);
    expectGrad(([x]) => ops.log(x), [pos]);
    expectGrad(([x]) => ops.sqrt(x), [pos]);
    expectGrad(([x]) => ops.abs(x), [{ shape: [7], data: away(7) }]);
    expectGrad(([x]) => ops.square(x), [{ shape: [7] }]);
    expectGrad(([x]) => ops.scale(x, -2.5), [{ shape: [7] }]);
  });

  it('clamp passes the gradient inside [lo, hi] only', () => {
    expectGrad(([x]) => ops.clamp(x, -0.4, 0.5), [{ shape: [12], data: away(12, 0.05, 1) }]);
  });

  it('where broadcasts cond, a and b; cond gets no gradient', () => {
    const cond = { shape: [3, 1], data: [1, 0, 1], check: false };
    expectGrad(([c, a, b]) => ops.where(c, a, b), [cond, { shape: [3, 4] }, { shape: [4] }]);
  });

  const reduceAxes: (number[] | undefined)[] = [undefined, [0], [1], [2], [-1], [0, 2], [0, 1]];
  for (const axes of reduceAxes) {
    for (const keep of [false, true]) {
      it(`sum, mean, max over ${axes ? `[${axes}]` : 'all'} keepDims=${keep}`, () => {
        const x = { shape: [3, 4, 5] };
        expectGrad(([t]) => ops.sum(t, axes, keep), [x]);
        expectGrad(([t]) => ops.mean(t, axes, keep), [x]);
        expectGrad(([t]) => ops.max(t, axes, keep), [x]);
      });
    }
  }

  it('softmax and logSoftmax (last axis)', () => {
    expectGrad(([x]) => ops.softmax(x), [{ shape: [3, 5] }]);
    expectGrad(([x]) => ops.logSoftmax(x), [{ shape: [2, 3, 4] }]);
  });

  it('softmaxCrossEntropy wrt logits', () => {
    expectGrad(([x, l]) => ops.softmaxCrossEntropy(x, l), [{ shape: [4, 3] }, { shape: [4], data: [0, 2, 1, 2], dtype: 'u32' }]);
  });

  it('binaryCrossEntropy wrt logits; mse and huber wrt both', () => {
    expectGrad(([x, t]) => ops.binaryCrossEntropy(x, t), [{ shape: [3, 2] }, { shape: [3, 2], data: [0, 1, 1, 0, 1, 1], check: false }]);
    expectGrad(([p, t]) => ops.meanSquaredError(p, t), [{ shape: [3, 2] }, { shape: [3, 2] }]);
    // |p - t| spans both sides of delta = 0.5, away from the switch point.
    const p = [0.1, -0.9, 0.3, 1.2, -0.2, 0.05];
    expectGrad(([a, b]) => ops.huber(a, b, 0.5), [{ shape: [6], data: p }, { shape: [6], data: [0, 0, 0.9, 0, 0.4, -0.1] }]);
  });
});

describe('pointwise kernels on the CPU: values', () => {
  const b = createCpuBackend('f32');
  const vals = (t: Tensor) => Array.from(b.readSync(t));

  it('activations stay finite for |x| up to 80', () => {
    const x = b.upload([-80, -30, -1, 0, 1, 30, 80], [7]);
    for (const act of ACTIVATIONS) {
      const y = b.unary(act, x, 0.2);
      const dx = b.unaryGrad(act, x, y, b.fill([7], 1), 0.2);
      expect([...vals(y), ...vals(dx)].every(Number.isFinite), act).toBe(true);
    }
    expect(vals(b.unary('tanh', x))).toEqual([-1, -1, Math.fround(Math.tanh(-1)), 0, Math.fround(Math.tanh(1)), 1, 1]);
  });

  it('binary broadcasting, pow with a negative base, compare', () => {
    const a = b.upload([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(vals(b.binary('sub', a, b.upload([1, 2], [2, 1])))).toEqual([0, 1, 2, 2, 3, 4]);
    expect(vals(b.binary('pow', b.upload([-2, -2, 3], [3]), b.upload([2, 3, 0.5], [3])))).toEqual([4, -8, Math.fround(Math.sqrt(3))]);
    expect(vals(b.compare('ge', a, b.upload([3], [1])))).toEqual([0, 0, 1, 1, 1, 1]);
    expect(() => b.binary('add', a, b.upload([1, 2], [2]))).toThrow(/cannot be broadcast/);
  });

  it('reduce keeps or drops dims; sumToShape folds leading and size-1 axes', () => {
    const x = b.upload([1, 2, 3, 4, 5, 6], [2, 3]);
    const s = b.reduce('sum', x, [0], true);
    expect(s.shape).toEqual([1, 3]);
    expect(vals(s)).toEqual([5, 7, 9]);
    expect(b.reduce('max', x, [1]).shape).toEqual([2]);
    expect(b.reduce('mean', x, [0, 1]).shape).toEqual([]);
    expect(vals(b.reduce('mean', x, [0, 1]))).toEqual([3.5]);
    const t = b.sumToShape(b.upload(new Array(24).fill(1), [2, 3, 4]), [3, 1]);
    expect(t.shape).toEqual([3, 1]);
    expect(vals(t)).toEqual([8, 8, 8]);
  });

  it('argmax takes the first max; countCorrect for C > 1 and C = 1', () => {
    const x = b.upload([1, 3, 3, 0, -1, -2], [2, 3]);
    expect(vals(b.argmax(x))).toEqual([1, 0]);
    expect(vals(b.countCorrect(x, b.upload([1, 2], [2], 'u32')))).toEqual([1]);
    expect(vals(b.countCorrect(b.upload([0.5, -2, 3], [3, 1]), b.upload([1, 0, 0], [3])))).toEqual([2]);
  });

  it('addInPlace and softmaxCrossEntropy with a large logit', () => {
    const d = b.upload([1, 2], [2]);
    b.addInPlace(d, b.upload([10, 20], [2]), 0.5);
    expect(vals(d)).toEqual([6, 12]);
    const { loss, grad } = b.softmaxCrossEntropy(b.upload([80, 0, -80, 0], [2, 2]), b.upload([1, 0], [2], 'u32'));
    expect(vals(loss)[0]).toBeCloseTo(80, 4);
    expect(vals(grad).every(Number.isFinite)).toBe(true);
  });
});
