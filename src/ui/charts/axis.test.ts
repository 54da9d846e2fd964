import { describe, expect, it } from 'vitest';
import { linearAxis, tickLabel } from './axis';

describe('chart axes', () => {
  it('round ticks covering the data, each label different', () => {
    const a = linearAxis([0.69312, 0.69318, 0.69325])!;
    expect(a.ticks[0]).toBeLessThanOrEqual(0.69312);
    expect(a.ticks.at(-1)).toBeGreaterThanOrEqual(0.69325);
    const labels = a.ticks.map(a.format);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels[0]).toMatch(/^0\.6931\d?$/);
  });

  it('steps start at 0 and end at the last step with round ticks', () => {
    const a = linearAxis([50, 100, 150, 487], { from: 0 })!;
    expect(a.ticks).toEqual([0, 200, 400, 600]);
    expect(a.domain).toEqual([0, 600]);
  });

  it('large values in a short form, wide enough for their labels', () => {
    const a = linearAxis([0, 1_234_567])!;
    expect(a.ticks.map(a.format)).toEqual(['0', '500k', '1M', '1.5M']);
    expect(tickLabel(12_000, 1000)).toBe('12k');
    expect(tickLabel(1234, 100)).toBe('1,234');
    expect(linearAxis([0, 0.01])!.ticks.map((t) => tickLabel(t, 0.0025))).toEqual(['0', '0.0025', '0.005', '0.0075', '0.01']);
    expect(linearAxis([0, 0.00012])!.width).toBeGreaterThan(linearAxis([0, 1])!.width);
  });

  it('a flat series still gets an axis; no values give none', () => {
    expect(linearAxis([2, 2])!.ticks.length).toBeGreaterThan(1);
    expect(linearAxis([NaN, undefined])).toBeNull();
  });
});
