import { describe, expect, it } from 'vitest';
import { batchRange, raceVerdict } from './wording';

describe('speed view wording', () => {
  it('says how many times faster, rounded for people', () => {
    expect(raceVerdict(14_237, 1003, 64)).toBe('WebGPU 14.2× faster on this model, batch 64');
    expect(raceVerdict(500, 1500, 8)).toBe('WebGPU 3× slower than the CPU on this model, batch 8');
    expect(raceVerdict(0, 1500, 8)).toMatch(/not timed/);
  });

  it('sweeps the powers of two in the chosen range', () => {
    expect(batchRange(1, 8)).toEqual([1, 2, 4, 8]);
    expect(batchRange(1024, 256)).toEqual([256, 512, 1024]);
  });
});
