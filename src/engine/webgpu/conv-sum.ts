// Deterministic column sums on the GPU (shaders/conv-sum-rows.wgsl): [S, R] → [R] in at
// most two fixed-order passes. Finishes split-K filter gradients and bias gradients.
import type { Shape } from '../shape';
import type { Tensor } from '../tensor';
import type { GpuCore } from './core';
import { grid1d } from './grid';
import sumRowsWgsl from '../../../shaders/conv-sum-rows.wgsl?raw';

/** Rows one thread adds in the first pass: long enough to amortize, short enough to spread. */
const CHUNK_ROWS = 128;

/** One pass: src [S, R] → [chunks, R] (given `shape`, for the last pass). */
function sumChunks(core: GpuCore, src: Tensor, S: number, R: number, chunkRows: number, shape?: Shape): Tensor {
  const chunks = Math.ceil(S / chunkRows);
  const out = core.empty(shape ?? [chunks, R]);
  const pipeline = core.rt.pipeline({ code: sumRowsWgsl, label: 'conv-sum-rows' });
  const params = core.rt.params(pipeline, { S, R, chunkRows, chunks });
  core.rt.dispatch(pipeline, [core.storageOf(src), core.storageOf(out), params], grid1d(chunks * R, 256), 'conv-sum');
  return out;
}

/** Σ over the S rows of src viewed as [S, R]: a new tensor of `shape` (R elements). */
export function sumRows(core: GpuCore, src: Tensor, S: number, R: number, shape: Shape = [R]): Tensor {
  if (S <= CHUNK_ROWS) return sumChunks(core, src, S, R, Math.max(S, 1), shape);
  const partial = sumChunks(core, src, S, R, CHUNK_ROWS);
  const out = sumChunks(core, partial, partial.shape[0], R, partial.shape[0], shape);
  partial.dispose();
  return out;
}
