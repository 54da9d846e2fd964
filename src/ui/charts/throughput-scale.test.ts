import { describe, expect, it } from 'vitest';
import { niceCeiling, scaleTop, timedOnly, WARMUP_POINTS } from './throughput-scale';

describe('throughput chart scale', () => {
  it('rounds up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([0.7, 1, 1.2, 2.2, 3, 7, 12_000, 0].map(niceCeiling)).toEqual([1, 1, 2, 2.5, 5, 10, 20_000, 1]);
  });

  it('ignores the first warm-up window once later reports exist', () => {
    const spike = [10_000_000, 900, 800, 700, 650, 640];
    expect(spike).toHaveLength(WARMUP_POINTS);
    expect(scaleTop([...spike, 600, 610, 590])).toBe(1000); // 610 × 1.1 → 1000, not 10M
    // With nothing after it, the warm-up window is all there is to show.
    expect(scaleTop(spike.slice(1))).toBe(1000);
  });

  it('drops untimed reports (Step presses): they never move the scale', () => {
    const run = Array.from({ length: 8 }, (_, i) => ({ step: i * 10, samplesPerSec: 400, timed: true }));
    const before = scaleTop(timedOnly(run).map((p) => p.samplesPerSec));
    const pressed = [...run, ...[81, 82, 83].map((step) => ({ step, samplesPerSec: 0, timed: false }))];
    expect(timedOnly(pressed)).toHaveLength(8);
    expect(scaleTop(timedOnly(pressed).map((p) => p.samplesPerSec))).toBe(before);
  });
});
