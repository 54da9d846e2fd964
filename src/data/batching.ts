// Seeded epoch order. Each epoch's order is a pure function of (seed, epoch), so a run
// resumed at epoch k, the browser and the CLI all see the same batches without replaying
// earlier epochs. The trainer uploads this permutation as the GPU's index buffer and
// gathers batch b from rows order[b * batchSize .. (b + 1) * batchSize).

import { hashU32, Rng } from '../engine/random';
import { EPOCH_STREAM } from './streams';

/** Fisher-Yates permutation of 0..n-1 from new Rng(hashU32(seed, EPOCH_STREAM, epoch)). */
export function epochPermutation(seed: number, epoch: number, n: number): Uint32Array {
  return new Rng(hashU32(seed, EPOCH_STREAM, epoch)).permutation(n);
}

/** Number of batches in an epoch; the last batch may be smaller than batchSize. */
export function batchesPerEpoch(n: number, batchSize: number): number {
  return Math.ceil(n / batchSize);
}
