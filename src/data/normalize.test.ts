import { describe, expect, it } from 'vitest';
import { applyNormalization, denormalizeValues, drawnImageInput, fitNormalization, normalizeSplits, normalizeValues } from './normalize';
import type { Dataset } from './types';

const table = (rows: number[][]): Dataset => ({
  task: 'regression', inputShape: [rows[0].length], numClasses: 0,
  x: Float32Array.from(rows.flat()), y: new Float32Array(rows.length), n: rows.length,
});
const image = (pixels: number[]): Dataset => ({
  task: 'classification', inputShape: [2, 2, 1], numClasses: 10,
  x: Float32Array.from(pixels), y: new Uint32Array(pixels.length / 4), n: pixels.length / 4,
});

describe('normalization', () => {
  it('standardizes tables per feature', () => {
    const stats = fitNormalization(table([[1, 10], [3, 10], [5, 10]]), 'standard');
    expect(stats.offset).toEqual([3, 10]);
    expect(stats.divisor[0]).toBeCloseTo(Math.sqrt(8 / 3));
    expect(stats.divisor[1]).toBe(1); // constant feature: 0 instead of NaN
  });

  it('min-max scales tables and divides images by 255', () => {
    const ds = table([[1, -2], [3, 2]]);
    applyNormalization(ds, fitNormalization(ds, 'scale'));
    expect(Array.from(ds.x)).toEqual([0, 0, 1, 1]);
    const img = image([0, 51, 255, 102]);
    expect(fitNormalization(img, 'scale')).toEqual({ method: 'scale', offset: [0], divisor: [255] });
    applyNormalization(img, fitNormalization(img, 'scale'));
    expect(img.x).toEqual(Float32Array.from([0, 0.2, 1, 0.4]));
  });

  it('standardizes images with one mean and std over all pixels', () => {
    const stats = fitNormalization(image([0, 0, 255, 255, 0, 0, 255, 255]), 'standard');
    expect(stats.offset).toEqual([127.5]);
    expect(stats.divisor).toEqual([127.5]);
  });

  it('uses training statistics only, for every split', () => {
    const make = (testRows: number[][]) => {
      const splits = { train: table([[0], [2], [4]]), test: table(testRows) };
      return { stats: normalizeSplits(splits, 'standard'), ...splits };
    };
    const a = make([[100], [200]]);
    const b = make([[-7], [9], [1e6]]);
    expect(a.stats).toEqual(b.stats);
    expect(a.stats.offset).toEqual([2]);
    const sd = Math.sqrt(8 / 3);
    expect(a.test.x[0]).toBeCloseTo((100 - 2) / sd, 4);
    expect(a.train.x[2]).toBeCloseTo(2 / sd, 5);
  });

  it('none leaves the data alone', () => {
    const ds = table([[5, 6]]);
    expect(normalizeSplits({ train: ds, test: ds }, 'none')).toEqual({ method: 'none', offset: [0], divisor: [1] });
    expect(Array.from(ds.x)).toEqual([5, 6]);
  });

  it('denormalizeValues undoes normalizeValues per feature (2-D points back on the raw plane)', () => {
    const stats = { method: 'standard' as const, offset: [1.5, -2], divisor: [0.5, 4] };
    const raw = Float32Array.from([2, 3, -1, 0.25, 0, -8]);
    const normalised = normalizeValues(Float32Array.from(raw), stats);
    expect(Array.from(normalised)).toEqual([1, 1.25, -5, 0.5625, -3, -1.5]);
    expect(Array.from(denormalizeValues(normalised, stats))).toEqual(Array.from(raw));
    // A step of ε in normalised units is ε·divisor on the raw axis of its feature.
    const moved = denormalizeValues([1 + 0.1, 1.25 - 0.1], stats);
    expect(moved[0] - 2).toBeCloseTo(0.1 * 0.5, 6);
    expect(moved[1] - 3).toBeCloseTo(-0.1 * 4, 6);
    expect(Array.from(denormalizeValues([3, 4], { method: 'none', offset: [0], divisor: [1] }))).toEqual([3, 4]);
    expect(() => denormalizeValues([1, 2, 3], stats)).toThrow(/not whole samples/);
  });

  it('a drawn image (pixels 0..1) becomes the numbers a test image of the same pixels holds', () => {
    const pixels = [0, 0.2, 1, 0.4];
    for (const method of ['scale', 'standard', 'none'] as const) {
      const img = image(pixels.map((p) => p * 255));
      const stats = fitNormalization(img, method);
      applyNormalization(img, stats);
      expect(Float32Array.from(drawnImageInput(pixels, stats))).toEqual(img.x);
    }
  });
});
