import { describe, expect, it } from 'vitest';
import { evaluatesAfter } from './evaluation';

describe('evaluatesAfter (when the trainer evaluates)', () => {
  it('after the last step of every evalEvery-th epoch, and after the very last step', () => {
    // 3 steps per epoch, 7 epochs (21 steps), every 2nd epoch.
    const at = Array.from({ length: 21 }, (_, i) => i).filter((i) => evaluatesAfter(i, 3, 21, 2));
    expect(at).toEqual([5, 11, 17, 20]);
    expect(Array.from({ length: 6 }, (_, i) => i).filter((i) => evaluatesAfter(i, 3, 6))).toEqual([2, 5]);
  });
});
