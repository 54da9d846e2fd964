// Autograd ops: pointwise family. Each op runs its backend kernel and records its backward
// right beside it. Broadcast gradients are summed back to the input's shape (unbroadcast).
// Backward rules run under noGrad and dispose their own temporaries.
import { defaultAlpha, type Activation, type BinaryOp, type UnaryOp } from '../kernels/pointwise';
import { normalizeAxis, sameShape, type Shape } from '../shape';
import { noGrad, record } from '../tape';
import type { Tensor } from '../tensor';

/** d(broadcast input) = dy summed over the broadcast axes (a view of dy when none). */
function unbroadcast(dy: Tensor, shape: Shape): Tensor {
  return sameShape(dy.shape, shape) ? dy.reshape(shape) : dy.backend.sumToShape(dy, shape);
}

/** Runs fn on a temporary, then disposes it. */
function consume<T>(t: Tensor, fn: (t: Tensor) => T): T {
  const r = fn(t);
  t.dispose();
  return r;
}

function binaryOp(op: BinaryOp, a: Tensor, b: Tensor, backward: (dy: Tensor, y: Tensor) => (Tensor | null)[]): Tensor {
  const y = a.backend.binary(op, a, b);
  return record(op, [a, b], y, (dy) => {
    const [da, db] = backward(dy, y);
    return [shapeGrad(da, dy, a), shapeGrad(db, dy, b)];
  });
}

/** Sums a full-size gradient back to x's shape, freeing it when it was a temporary. */
function shapeGrad(g: Tensor | null, dy: Tensor, x: Tensor): Tensor | null {
  if (!g) return null;
  if (!x.requiresGrad || !sameShape(g.shape, x.shape)) {
    const r = x.requiresGrad ? unbroadcast(g, x.shape) : null;
    if (g !== dy) g.dispose();
    return r;
  }
  return g;
}

export const add = (a: Tensor, b: Tensor): Tensor => binaryOp('add', a, b, (dy) => [dy, dy]);

export const sub = (a: Tensor, b: Tensor): Tensor =>
  binaryOp('sub', a, b, (dy) => [dy, b.requiresGrad ? dy.backend.binaryScalar('mul', dy, -1) : null]);

export const mul = (a: Tensor, b: Tensor): Tensor =>
  binaryOp('mul', a, b, (dy) => [
    a.requiresGrad ? dy.backend.binary('mul', dy, b) : null,
    b.requiresGrad ? dy.backend.binary('mul', dy, a) : null,
  ]);

export const div = (a: Tensor, b: Tensor): Tensor =>
  binaryOp('div', a, b, (dy, y) => {
    const k = dy.backend;
    const da = k.binary('div', dy, b);
    // d/db (a/b) = -a/b² = -(dy/b)·y
    const db = b.requiresGrad ? consume(k.binary('mul', da, y), (t) => k.binaryScalar('mul', t, -1)) : null;
    if (a.requiresGrad) return [da, db];
    da.dispose();
    return [null, db];
  });

/** a^b. NOTE: db = y·log(a) is NaN for a ≤ 0 (as in PyTorch); only asked for when b needs it. */
export const pow = (a: Tensor, b: Tensor): Tensor =>
  binaryOp('pow', a, b, (dy, y) => {
    const k = dy.backend;
    const da = a.requiresGrad
      ? consume(k.binaryScalar('sub', b, 1), (bm1) =>
          consume(k.binary('pow', a, bm1), (p) => consume(k.binary('mul', p, b), (t) => k.binary('mul', dy, t))),
        )
      : null;
    const db = b.requiresGrad
      ? consume(k.unary('log', a), (la) => consume(k.binary('mul', y, la), (t) => k.binary('mul', dy, t)))
      : null;
    return [da, db];
  });

/** Elementwise max; at ties the gradient splits evenly (PyTorch's rule). */
export const maximum = (a: Tensor, b: Tensor): Tensor => minMax('max', a, b);
export const minimum = (a: Tensor, b: Tensor): Tensor => minMax('min', a, b);

function minMax(op: 'max' | 'min', a: Tensor, b: Tensor): Tensor {
  return binaryOp(op, a, b, (dy) => {
    const k = dy.backend;
    // wa = [a wins] + 0.5·[tie]; wb = 1 - wa.
    const wins = k.compare(op === 'max' ? 'gt' : 'lt', a, b);
    const ties = k.compare('eq', a, b);
    const half = consume(ties, (t) => k.binaryScalar('mul', t, 0.5));
    const wa = consume(wins, (w) => consume(half, (h) => k.binary('add', w, h)));
    const da = a.requiresGrad ? k.binary('mul', dy, wa) : null;
    const db = b.requiresGrad
      ? consume(k.binaryScalar('sub', wa, 1), (negWb) => consume(k.binary('mul', dy, negWb), (t) => k.binaryScalar('mul', t, -1)))
      : null;
    wa.dispose();
    return [da, db];
  });
}

/** Any unary op of the pointwise table; its derivative and default alpha come from the same table row. */
export function unary(op: UnaryOp, x: Tensor, alpha = defaultAlpha(op)): Tensor {
  const y = x.backend.unary(op, x, alpha);
  return record(op, [x], y, (dy) => [dy.backend.unaryGrad(op, x, y, dy, alpha)]);
}

export const neg = (x: Tensor): Tensor => unary('neg', x);
export const exp = (x: Tensor): Tensor => unary('exp', x);
export const log = (x: Tensor): Tensor => unary('log', x);
export const sqrt = (x: Tensor): Tensor => unary('sqrt', x);
export const abs = (x: Tensor): Tensor => unary('abs', x);
export const square = (x: Tensor): Tensor => unary('square', x);

/** `alpha` left out: the row's default (leakyRelu 0.01 and elu 1, PyTorch's). */
export function activation(x: Tensor, act: Activation, alpha?: number): Tensor {
  if (act === 'linear') return x;
  return unary(act, x, alpha);
}

export const relu = (x: Tensor): Tensor => activation(x, 'relu');
export const leakyRelu = (x: Tensor, alpha?: number): Tensor => activation(x, 'leakyRelu', alpha);
export const elu = (x: Tensor, alpha?: number): Tensor => activation(x, 'elu', alpha);
export const gelu = (x: Tensor): Tensor => activation(x, 'gelu');
export const silu = (x: Tensor): Tensor => activation(x, 'silu');
export const tanh = (x: Tensor): Tensor => activation(x, 'tanh');
export const sigmoid = (x: Tensor): Tensor => activation(x, 'sigmoid');
export const softplus = (x: Tensor): Tensor => activation(x, 'softplus');

/** x · s for a plain number s. */
export function scale(x: Tensor, s: number): Tensor {
  const y = x.backend.binaryScalar('mul', x, s);
  return record('scale', [x], y, (dy) => [dy.backend.binaryScalar('mul', dy, s)]);
}

/** Gradient passes where lo ≤ x ≤ hi (boundaries included, as PyTorch). */
export function clamp(x: Tensor, lo: number, hi: number): Tensor {
  const y = x.backend.clamp(x, lo, hi);
  return record('clamp', [x], y, (dy) => {
    const k = dy.backend;
    return [consume(k.compare('eq', y, x), (inside) => k.binary('mul', dy, inside))];
  });
}

/** cond != 0 ? a : b, broadcasting all three; cond gets no gradient. */
export function where(cond: Tensor, a: Tensor, b: Tensor): Tensor {
  const y = a.backend.where(cond, a, b);
  return record('where', [cond, a, b], y, (dy) => {
    const k = dy.backend;
    const zero = k.zeros([]);
    const da = a.requiresGrad ? shapeGrad(k.where(cond, dy, zero), dy, a) : null;
    const db = b.requiresGrad ? shapeGrad(k.where(cond, zero, dy), dy, b) : null;
    zero.dispose();
    return [null, da, db];
  });
}

/** All axes when omitted; negative axes count from the end. */
function axesOf(x: Tensor, axes?: number | number[]): number[] {
  if (axes === undefined) return x.shape.map((_, i) => i);
  return [...new Set((Array.isArray(axes) ? axes : [axes]).map((a) => normalizeAxis(a, x.rank)))];
}

/** The reduced shape with the reduced axes kept as 1 (dy reshaped to it broadcasts back). */
function keptShape(x: Tensor, axes: number[]): number[] {
  return x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

export function sum(x: Tensor, axes?: number | number[], keepDims = false): Tensor {
  const ax = axesOf(x, axes);
  const y = x.backend.reduce('sum', x, ax, keepDims);
  return record('sum', [x], y, (dy) => [dy.backend.broadcastTo(dy.reshape(keptShape(x, ax)), x.shape)]);
}

export function mean(x: Tensor, axes?: number | number[], keepDims = false): Tensor {
  const ax = axesOf(x, axes);
  const y = x.backend.reduce('mean', x, ax, keepDims);
  const n = x.size / Math.max(1, y.size);
  return record('mean', [x], y, (dy) => {
    const k = dy.backend;
    return [consume(k.binaryScalar('mul', dy, 1 / n), (s) => k.broadcastTo(s.reshape(keptShape(x, ax)), x.shape))];
  });
}

/** Max over axes; the gradient goes to the maximal positions, split evenly at ties (amax). */
export function max(x: Tensor, axes?: number | number[], keepDims = false): Tensor {
  const ax = axesOf(x, axes);
  const y = x.backend.reduce('max', x, ax, keepDims);
  return record('max', [x], y, (dy) => {
    const k = dy.backend;
    const kept = keptShape(x, ax);
    const mask = k.compare('eq', x, y.reshape(kept));
    const count = k.reduce('sum', mask, ax, true);
    const share = consume(count, (c) => k.binary('div', dy.reshape(kept), c));
    const dx = consume(share, (s) => k.binary('mul', mask, s));
    mask.dispose();
    return [dx];
  });
}

/** Softmax over the last axis. */
export function softmax(x: Tensor): Tensor {
  const y = x.backend.softmax(x);
  return record('softmax', [x], y, (dy) => [dy.backend.softmaxGrad(y, dy)]);
}

/** log softmax over the last axis: x - (m + log Σ exp(x - m)), m = max held constant. */
export function logSoftmax(x: Tensor): Tensor {
  // NOTE: m only shifts for stability; the value does not depend on it, so no gradient.
  const m = noGrad(() => x.backend.reduce('max', x, [x.rank - 1], true));
  const lse = add(m, log(sum(exp(sub(x, m)), -1, true)));
  return sub(x, lse);
}

/** Index of the max over the last axis (u32, no gradient). */
export const argmax = (x: Tensor): Tensor => x.backend.argmax(x);

// The fused losses live in ./loss.ts; they are part of this family's API.
export { softmaxCrossEntropy, binaryCrossEntropy, meanSquaredError, huber, countCorrect } from './loss';
