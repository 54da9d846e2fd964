import { describe, expect, it } from 'vitest';
import { applyNormalization, fitNormalization, normalizeSplits } from './normalize';
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
});
