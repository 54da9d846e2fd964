// WebGPU reductions. Any reduce is a sequence of two primitive shapes: rows ([rows, len]
// over len: reduce-rows.wgsl) and columns ([batch, rows, cols] over rows: reduce-cols.wgsl,
// the bias-gradient path). Size-1 dims are dropped, adjacent dims of the same kind merged,
// and each run of reduced dims is folded away from the innermost out. Every pass uses a
// fixed tree (no atomics), so results are bit-reproducible; long reductions split into
// chunks whose partials are reduced again.
import type { PointwiseKernels, ReduceOp } from '../kernels/pointwise';
import { broadcastShapes, normalizeAxis, sameShape, type Shape } from '../shape';
import type { Tensor } from '../tensor';
import type { GpuCore } from './core';
import { gridFor } from './elementwise';
import rowsWgsl from '../../../shaders/reduce-rows.wgsl?raw';
import colsWgsl from '../../../shaders/reduce-cols.wgsl?raw';
import argmaxWgsl from '../../../shaders/argmax.wgsl?raw';

/**
 * Rows this short get one thread each (no barriers); longer ones a workgroup tree. Used by
 * reduce, softmax and softmax cross-entropy alike.
 */
export const SERIAL_MAX_LEN = 32;
/** Elements each thread folds before the tree: chunk length = workgroup size x this. */
const PER_THREAD = 16;

const nextPow2 = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

/**
 * Workgroup size for one workgroup per row of `len` elements (a power of two).
 * NOTE: 64 up to 4096 elements (64 per thread): big workgroups cost little on GPUs but
 * each barrier is expensive on SwiftShader, where our tests and CI run.
 */
export function rowWorkgroup(len: number): number {
  return len <= 32 ? 32 : len <= 4096 ? 64 : 256;
}

export type ReduceKind = 'sum' | 'max';

export function gpuReduce(core: GpuCore) {
  const rt = core.rt;
  const s = (t: Tensor) => core.storageOf(t);

  /** Reduces each row of x viewed as [rows, len]; the result (times scale) gets `shape`. */
  function reduceRows(op: ReduceKind, x: Tensor, rows: number, len: number, scale: number, shape: Shape): Tensor {
    const OP = op === 'max' ? 1 : 0;
    if (len <= SERIAL_MAX_LEN) {
      const out = core.empty(shape);
      const pipeline = rt.pipeline({ code: rowsWgsl, entry: 'serial', constants: { OP, WG: 64 }, label: `reduce rows serial ${op}` });
      const params = rt.params(pipeline, { rows, len, chunks: 1, chunkLen: len, scale });
      rt.dispatch(pipeline, [s(x), s(out), params], gridFor(core, rows, 64), 'reduce');
      return out;
    }
    const WG = len <= 1024 ? 64 : 256;
    const chunkLen = WG * PER_THREAD;
    const chunks = Math.ceil(len / chunkLen);
    const out = core.empty(chunks === 1 ? shape : [rows, chunks]);
    const pipeline = rt.pipeline({ code: rowsWgsl, entry: 'tree', constants: { OP, WG }, label: `reduce rows ${op}` });
    const params = rt.params(pipeline, { rows, len, chunks, chunkLen, scale: chunks === 1 ? scale : 1 });
    rt.dispatch(pipeline, [s(x), s(out), params], gridFor(core, rows * chunks, 1), 'reduce');
    if (chunks === 1) return out;
    const result = reduceRows(op, out, rows, chunks, scale, shape);
    out.dispose();
    return result;
  }

  /**
   * Reduces x viewed as [batch, rows, cols] over rows; the result (times scale) gets `shape`.
   * Chunks of WY·128 rows (1024 for C ≥ 32): a batch-1024 bias gradient is one dispatch.
   */
  function reduceCols(op: ReduceKind, x: Tensor, batch: number, rows: number, cols: number, scale: number, shape: Shape): Tensor {
    const WX = Math.min(32, nextPow2(cols));
    const WY = 256 / WX;
    const chunkLen = Math.max(WY * PER_THREAD * 8, Math.ceil(rows / (rt.limits.maxComputeWorkgroupsPerDimension ?? 65535)));
    const chunks = Math.ceil(rows / chunkLen);
    const colTiles = Math.ceil(cols / WX);
    const out = core.empty(chunks === 1 ? shape : [batch, chunks, cols]);
    const pipeline = rt.pipeline({ code: colsWgsl, constants: { OP: op === 'max' ? 1 : 0, WX, WY }, label: `reduce cols ${op}` });
    const params = rt.params(pipeline, { batch, rows, cols, chunks, chunkLen, colTiles, scale: chunks === 1 ? scale : 1 });
    const [gx, gy] = gridFor(core, batch * colTiles, 1);
    rt.dispatch(pipeline, [s(x), s(out), params], [gx, gy, chunks], 'reduce');
    if (chunks === 1) return out;
    const result = reduceCols(op, out, batch, chunks, cols, scale, shape);
    out.dispose();
    return result;
  }

  /** Reduces x over `axes` (normalized) into a new tensor of `outShape`. */
  function reduceTo(op: ReduceOp, x: Tensor, axes: Set<number>, outShape: Shape): Tensor {
    const kind: ReduceKind = op === 'max' ? 'max' : 'sum';
    let count = 1;
    // Merged dims: size-1 dims dropped, neighbours of the same kind multiplied together.
    const dims: { size: number; reduced: boolean }[] = [];
    x.shape.forEach((size, i) => {
      const reduced = axes.has(i);
      if (reduced) count *= size;
      if (size === 1) return;
      const last = dims[dims.length - 1];
      if (last && last.reduced === reduced) last.size *= size;
      else dims.push({ size, reduced });
    });
    if (x.size === 0) return core.zeros(outShape);
    const scale = op === 'mean' ? 1 / count : 1;
    let remaining = dims.filter((d) => d.reduced).length;
    if (remaining === 0) {
      const out = core.empty(outShape);
      core.copy(x, out);
      return out;
    }
    let cur = x;
    for (let j = dims.length - 1; j >= 0; j--) {
      if (!dims[j].reduced) continue;
      const last = --remaining === 0;
      const before = dims.slice(0, j).reduce((a, d) => a * d.size, 1);
      const after = dims.slice(j + 1).reduce((a, d) => a * d.size, 1);
      const shape = last ? outShape : [before * after];
      const next =
        after === 1
          ? reduceRows(kind, cur, before, dims[j].size, last ? scale : 1, shape)
          : reduceCols(kind, cur, before, dims[j].size, after, last ? scale : 1, shape);
      if (cur !== x) cur.dispose();
      cur = next;
      dims.splice(j, 1);
    }
    return cur;
  }

  const kernels: Pick<PointwiseKernels, 'reduce' | 'sumToShape' | 'argmax'> = {
    reduce(op: ReduceOp, x: Tensor, axes: number[], keepDims = false): Tensor {
      const set = new Set(axes.map((a) => normalizeAxis(a, x.rank)));
      const outShape = x.shape.flatMap((d, i) => (set.has(i) ? (keepDims ? [1] : []) : [d]));
      return reduceTo(op, x, set, outShape);
    },

    sumToShape(x: Tensor, shape: Shape): Tensor {
      if (!sameShape(broadcastShapes(shape, x.shape), x.shape)) {
        throw new Error(`sumToShape: [${x.shape.join(', ')}] is not a broadcast of [${shape.join(', ')}].`);
      }
      const lead = x.rank - shape.length;
      const axes = new Set(x.shape.map((_, i) => i).filter((i) => i < lead || (shape[i - lead] === 1 && x.shape[i] !== 1)));
      return reduceTo('sum', x, axes, shape);
    },

    argmax(x: Tensor): Tensor {
      const len = x.rank === 0 ? 1 : x.shape[x.rank - 1];
      const rows = len === 0 ? 0 : x.size / len;
      const out = core.empty(x.shape.slice(0, -1), 'u32');
      const WG = rowWorkgroup(len);
      const pipeline = rt.pipeline({ code: argmaxWgsl, constants: { WG }, label: 'argmax' });
      rt.dispatch(pipeline, [s(x), s(out), rt.params(pipeline, { rows, len })], gridFor(core, rows, 1), 'reduce');
      return out;
    },
  };

  return { kernels, reduceRows };
}
