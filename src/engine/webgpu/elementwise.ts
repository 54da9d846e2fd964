// WebGPU elementwise kernels: unary ops from the pointwise table, broadcasting binary ops and
// comparisons, scalar ops, clamp, where, addInPlace. All are one dispatch over the output
// with a 1-D grid (grid1d spills past 65535 workgroups into y).
import { defaultAlpha, type BinaryOp, type CompareOp, type PointwiseKernels, type UnaryOp } from '../kernels/pointwise';
import { broadcastShapes, sameShape, stridesOf, type Shape } from '../shape';
import type { Tensor } from '../tensor';
import type { GpuCore } from './core';
import { grid1d } from './grid';
import { withPointwise } from './pointwise.gen';
import unaryWgsl from '../../../shaders/unary.wgsl?raw';
import unaryGradWgsl from '../../../shaders/unary-grad.wgsl?raw';
import binaryWgsl from '../../../shaders/binary.wgsl?raw';
import scalarWgsl from '../../../shaders/scalar.wgsl?raw';
import whereWgsl from '../../../shaders/where.wgsl?raw';
import addInPlaceWgsl from '../../../shaders/add-in-place.wgsl?raw';

const WG = 256;
const MAX_RANK = 8;

/** Operation codes shared by binary.wgsl and scalar.wgsl. */
const BINARY_CODE: Record<BinaryOp, number> = { add: 0, sub: 1, mul: 2, div: 3, pow: 4, max: 5, min: 6 };
const COMPARE_CODE: Record<CompareOp, number> = { eq: 7, ne: 8, gt: 9, ge: 10, lt: 11, le: 12 };
const BROADCAST_CODE = 13;
const CLAMP_CODE = 7;

/** Strides of `shape` broadcast to `out` (0 on broadcast dims), padded to MAX_RANK. */
function broadcastStrides(shape: Shape, out: Shape): number[] {
  const strides = stridesOf(shape);
  const lead = out.length - shape.length;
  const s = out.map((_, d) => (d < lead || shape[d - lead] === 1 ? 0 : strides[d - lead]));
  return pad(s);
}

function pad(v: number[]): number[] {
  return [...v, ...new Array(MAX_RANK - v.length).fill(0)];
}

/** True when `small` only repeats over the leading dims of `out` (a row, a scalar): small[i % size]. */
function isSuffix(small: Shape, out: Shape): boolean {
  let k = 0;
  while (k < small.length && small[k] === 1) k++;
  const tail = small.slice(k);
  return tail.length <= out.length && sameShape(tail, out.slice(out.length - tail.length));
}

/**
 * grid1d under the device's own per-dimension limit (tests lower it to exercise the y
 * spill without 65536 real workgroups).
 */
export function gridFor(core: GpuCore, count: number, workgroupSize: number): [number, number] {
  return grid1d(count, workgroupSize, core.rt.limits.maxComputeWorkgroupsPerDimension ?? 65535);
}

export function gpuElementwise(core: GpuCore) {
  const rt = core.rt;
  const s = (t: Tensor) => core.storageOf(t);

  function checkRank(shape: Shape): void {
    if (shape.length > MAX_RANK) throw new Error(`Broadcasting supports up to rank ${MAX_RANK}; got [${shape.join(', ')}].`);
  }

  /** One broadcasting dispatch of binary.wgsl with operation code `op`. */
  function broadcastKernel(op: number, a: Tensor, b: Tensor, shape: Shape): Tensor {
    checkRank(shape);
    const out = core.empty(shape);
    const count = out.size;
    let mode = 3;
    let inner = 1;
    if (sameShape(a.shape, shape) && sameShape(b.shape, shape)) mode = 0;
    else if (sameShape(a.shape, shape) && isSuffix(b.shape, shape)) [mode, inner] = [1, b.size];
    else if (sameShape(b.shape, shape) && isSuffix(a.shape, shape)) [mode, inner] = [2, a.size];
    const pipeline = rt.pipeline({ code: binaryWgsl, constants: { OP: op, MODE: mode, WG }, label: `binary ${op}/${mode}` });
    const params = rt.params(pipeline, {
      count,
      rank: shape.length,
      inner: Math.max(1, inner),
      shape: pad([...shape]),
      aStrides: broadcastStrides(a.shape, shape),
      bStrides: broadcastStrides(b.shape, shape),
    });
    rt.dispatch(pipeline, [s(a), s(b), s(out), params], gridFor(core, count, WG), 'pointwise');
    return out;
  }

  const kernels: Pick<
    PointwiseKernels,
    'unary' | 'unaryGrad' | 'binary' | 'compare' | 'broadcastTo' | 'binaryScalar' | 'clamp' | 'where' | 'addInPlace'
  > = {
    unary(op: UnaryOp, x: Tensor, alpha = defaultAlpha(op)): Tensor {
      const out = core.empty(x.shape);
      const pipeline = rt.pipeline({ code: withPointwise(unaryWgsl, op), constants: { WG }, label: `unary ${op}` });
      rt.dispatch(pipeline, [s(x), s(out), rt.params(pipeline, { count: x.size, alpha })], gridFor(core, x.size, WG), 'pointwise');
      return out;
    },

    unaryGrad(op: UnaryOp, x: Tensor, y: Tensor, dy: Tensor, alpha = defaultAlpha(op)): Tensor {
      const dx = core.empty(x.shape);
      const pipeline = rt.pipeline({ code: withPointwise(unaryGradWgsl, op), constants: { WG }, label: `unaryGrad ${op}` });
      rt.dispatch(pipeline, [s(x), s(y), s(dy), s(dx), rt.params(pipeline, { count: x.size, alpha })], gridFor(core, x.size, WG), 'pointwise');
      return dx;
    },

    binary: (op, a, b) => broadcastKernel(BINARY_CODE[op], a, b, broadcastShapes(a.shape, b.shape)),
    compare: (op, a, b) => broadcastKernel(COMPARE_CODE[op], a, b, broadcastShapes(a.shape, b.shape)),

    broadcastTo(x: Tensor, shape: Shape): Tensor {
      if (!sameShape(broadcastShapes(x.shape, shape), shape)) {
        throw new Error(`Cannot broadcast [${x.shape.join(', ')}] to [${shape.join(', ')}].`);
      }
      return broadcastKernel(BROADCAST_CODE, x, x, shape);
    },

    binaryScalar(op: BinaryOp, x: Tensor, scalar: number): Tensor {
      return scalarKernel(BINARY_CODE[op], x, scalar, 0, 0);
    },

    clamp: (x, lo, hi) => scalarKernel(CLAMP_CODE, x, 0, lo, hi),

    where(cond: Tensor, a: Tensor, b: Tensor): Tensor {
      const shape = broadcastShapes(broadcastShapes(cond.shape, a.shape), b.shape);
      checkRank(shape);
      const out = core.empty(shape);
      const pipeline = rt.pipeline({ code: whereWgsl, constants: { COND_F32: cond.dtype === 'f32' ? 1 : 0, WG }, label: 'where' });
      const params = rt.params(pipeline, {
        count: out.size,
        rank: shape.length,
        shape: pad([...shape]),
        cStrides: broadcastStrides(cond.shape, shape),
        aStrides: broadcastStrides(a.shape, shape),
        bStrides: broadcastStrides(b.shape, shape),
      });
      rt.dispatch(pipeline, [s(cond), s(a), s(b), s(out), params], gridFor(core, out.size, WG), 'pointwise');
      return out;
    },

    addInPlace(dst: Tensor, src: Tensor, scale = 1): void {
      if (dst.size !== src.size) throw new Error(`addInPlace: ${dst} and ${src} differ in size.`);
      const pipeline = rt.pipeline({ code: addInPlaceWgsl, constants: { WG }, label: 'addInPlace' });
      rt.dispatch(pipeline, [s(dst), s(src), rt.params(pipeline, { count: dst.size, scale })], gridFor(core, dst.size, WG), 'pointwise');
    },
  };

  function scalarKernel(op: number, x: Tensor, scalar: number, lo: number, hi: number): Tensor {
    const out = core.empty(x.shape);
    const pipeline = rt.pipeline({ code: scalarWgsl, constants: { OP: op, WG }, label: `scalar ${op}` });
    rt.dispatch(pipeline, [s(x), s(out), rt.params(pipeline, { count: x.size, s: scalar, lo, hi })], gridFor(core, x.size, WG), 'pointwise');
    return out;
  }

  return kernels;
}
