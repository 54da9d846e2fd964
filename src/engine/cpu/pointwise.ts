// CPU reference kernels: pointwise family (elementwise math with NumPy broadcasting and
// reductions). Softmax, argmax and the fused losses live in ./loss.ts.
import { defaultAlpha, type BinaryOp, type CompareOp, type PointwiseKernels, type ReduceOp, type UnaryOp } from '../kernels/pointwise';
import { broadcastShapes, normalizeAxis, sameShape, sizeOf, stridesOf, type Shape } from '../shape';
import type { Tensor } from '../tensor';
import type { CpuCore, FloatArray } from './core';
import { cpuLoss } from './loss';
import { POINTWISE_CPU } from './pointwise.gen';

export const BINARY_CPU: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  max: Math.max,
  min: Math.min,
};

const COMPARE_CPU: Record<CompareOp, (a: number, b: number) => number> = {
  eq: (a, b) => +(a === b),
  ne: (a, b) => +(a !== b),
  gt: (a, b) => +(a > b),
  ge: (a, b) => +(a >= b),
  lt: (a, b) => +(a < b),
  le: (a, b) => +(a <= b),
};

/**
 * For each element of `out`, the flat index into a tensor of `shape` broadcast to it
 * (NumPy rules: right-aligned, size-1 dims repeat).
 */
export function broadcastOffsets(shape: Shape, out: Shape): Int32Array {
  const n = sizeOf(out);
  const idx = new Int32Array(n);
  const strides = stridesOf(shape);
  const lead = out.length - shape.length;
  const eff = out.map((_, d) => (d < lead || shape[d - lead] === 1 ? 0 : strides[d - lead]));
  const counter = new Array<number>(out.length).fill(0);
  let off = 0;
  for (let i = 0; i < n; i++) {
    idx[i] = off;
    for (let d = out.length - 1; d >= 0; d--) {
      off += eff[d];
      if (++counter[d] < out[d]) break;
      off -= eff[d] * out[d];
      counter[d] = 0;
    }
  }
  return idx;
}

export function cpuPointwise(core: CpuCore): PointwiseKernels {
  /** out[i] = fn(a[.], b[.]) with broadcasting; fast paths for equal shapes and b of size 1. */
  function broadcastBinary(a: Tensor, b: Tensor, fn: (x: number, y: number) => number): Tensor {
    const shape = broadcastShapes(a.shape, b.shape);
    const out = core.empty(shape);
    const o = core.f(out);
    const x = core.f(a);
    const y = core.f(b);
    if (sameShape(a.shape, b.shape)) for (let i = 0; i < o.length; i++) o[i] = fn(x[i], y[i]);
    else if (b.size === 1 && a.size === o.length) for (let i = 0; i < o.length; i++) o[i] = fn(x[i], y[0]);
    else {
      const ia = broadcastOffsets(a.shape, shape);
      const ib = broadcastOffsets(b.shape, shape);
      for (let i = 0; i < o.length; i++) o[i] = fn(x[ia[i]], y[ib[i]]);
    }
    return out;
  }

  function map(x: Tensor, fn: (v: number, i: number) => number): Tensor {
    const out = core.empty(x.shape);
    const o = core.f(out);
    const v = core.f(x);
    for (let i = 0; i < o.length; i++) o[i] = fn(v[i], i);
    return out;
  }

  function reduce(op: ReduceOp, x: Tensor, axes: number[], keepDims = false): Tensor {
    const rank = x.rank;
    const reduced = new Set(axes.map((a) => normalizeAxis(a, rank)));
    const keptShape = x.shape.map((d, i) => (reduced.has(i) ? 1 : d));
    const outShape = keepDims ? keptShape : x.shape.filter((_, i) => !reduced.has(i));
    const out = core.empty(outShape);
    const o = core.f(out);
    // Accumulate in float64, then store (the f32 backend rounds once at the end).
    const acc = new Float64Array(o.length).fill(op === 'max' ? -Infinity : 0);
    const src = core.f(x);
    // Visiting x in order, the output index is x's index with reduced dims zeroed.
    const outIndex = broadcastOffsets(keptShape, x.shape);
    if (op === 'max') for (let i = 0; i < src.length; i++) acc[outIndex[i]] = Math.max(acc[outIndex[i]], src[i]);
    else for (let i = 0; i < src.length; i++) acc[outIndex[i]] += src[i];
    const scale = op === 'mean' ? o.length / Math.max(1, src.length) : 1;
    for (let i = 0; i < o.length; i++) o[i] = acc[i] * scale;
    return out;
  }

  return {
    unary(op: UnaryOp, x: Tensor, alpha = defaultAlpha(op)): Tensor {
      const f = POINTWISE_CPU[op].f;
      return map(x, (v) => f(v, alpha));
    },

    unaryGrad(op: UnaryOp, x: Tensor, y: Tensor, dy: Tensor, alpha = defaultAlpha(op)): Tensor {
      const df = POINTWISE_CPU[op].df;
      const yv = core.f(y);
      const g = core.f(dy);
      return map(x, (v, i) => g[i] * df(v, yv[i], alpha));
    },

    binary: (op, a, b) => broadcastBinary(a, b, BINARY_CPU[op]),
    compare: (op, a, b) => broadcastBinary(a, b, COMPARE_CPU[op]),

    broadcastTo(x: Tensor, shape: Shape): Tensor {
      const out = core.empty(shape);
      if (!sameShape(broadcastShapes(x.shape, shape), shape)) {
        throw new Error(`Cannot broadcast [${x.shape.join(', ')}] to [${shape.join(', ')}].`);
      }
      const o = core.f(out);
      const v = core.f(x);
      const idx = broadcastOffsets(x.shape, shape);
      for (let i = 0; i < o.length; i++) o[i] = v[idx[i]];
      return out;
    },

    binaryScalar(op: BinaryOp, x: Tensor, scalar: number): Tensor {
      const fn = BINARY_CPU[op];
      return map(x, (v) => fn(v, scalar));
    },

    clamp: (x, lo, hi) => map(x, (v) => Math.min(Math.max(v, lo), hi)),

    where(cond: Tensor, a: Tensor, b: Tensor): Tensor {
      const shape = broadcastShapes(broadcastShapes(cond.shape, a.shape), b.shape);
      const out = core.empty(shape);
      const o = core.f(out);
      const c = core.data(cond);
      const x = core.f(a);
      const y = core.f(b);
      const ic = broadcastOffsets(cond.shape, shape);
      const ia = broadcastOffsets(a.shape, shape);
      const ib = broadcastOffsets(b.shape, shape);
      for (let i = 0; i < o.length; i++) o[i] = c[ic[i]] !== 0 ? x[ia[i]] : y[ib[i]];
      return out;
    },

    addInPlace(dst: Tensor, src: Tensor, scale = 1): void {
      if (dst.size !== src.size) throw new Error(`addInPlace: ${dst} and ${src} differ in size.`);
      const d = core.f(dst);
      const s = core.f(src);
      for (let i = 0; i < d.length; i++) d[i] += scale * s[i];
    },

    reduce,

    sumToShape(x: Tensor, shape: Shape): Tensor {
      if (!sameShape(broadcastShapes(shape, x.shape), x.shape)) {
        throw new Error(`sumToShape: [${x.shape.join(', ')}] is not a broadcast of [${shape.join(', ')}].`);
      }
      const lead = x.rank - shape.length;
      const axes = x.shape.map((d, i) => i).filter((i) => i < lead || (shape[i - lead] === 1 && x.shape[i] !== 1));
      const out = reduce('sum', x, axes, false);
      return reshapeOwned(core, out, shape);
    },

    ...cpuLoss(core),
  };
}

/** Gives a freshly made tensor another shape of the same size (no copy: re-wraps the array). */
function reshapeOwned(core: CpuCore, t: Tensor, shape: Shape): Tensor {
  if (sameShape(t.shape, shape)) return t;
  const data = core.f(t) as FloatArray;
  const out = core.wrap(data, shape);
  // The new tensor owns the array now; drop the old handle's bookkeeping without freeing.
  t.dispose();
  return out;
}
