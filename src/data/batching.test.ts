import { describe, expect, it } from 'vitest';
import { batchesPerEpoch, epochPermutation } from './batching';

describe('epochPermutation', () => {
  it('is a permutation, the same for (seed, epoch), different across epochs', () => {
    const p = epochPermutation(42, 0, 500);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(epochPermutation(42, 0, 500)).toEqual(p);
    expect(epochPermutation(42, 1, 500)).not.toEqual(p);
    expect(epochPermutation(43, 0, 500)).not.toEqual(p);
  });

  it('counts batches including a short last one', () => {
    expect(batchesPerEpoch(100, 32)).toBe(4);
    expect(batchesPerEpoch(96, 32)).toBe(3);
  });
});
