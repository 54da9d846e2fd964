// Input normalization. Statistics come from the TRAINING split only and are then applied
// to every split, so nothing about the test set leaks into training.
//   none:     unchanged.
//   scale:    images / 255; tables and 2-D points min-max to [0, 1] per feature.
//   standard: tables and 2-D points (x - mean) / std per feature; images one mean and
//             one std over all pixels (DESIGN.md). std is the population std (ddof 0).
// A constant feature (max = min or std = 0) gets divisor 1, so it becomes 0 instead of NaN.

import { isImage, sampleSize, type Dataset, type NormalizationStats, type NormalizeMethod } from './types';

export function fitNormalization(train: Dataset, method: NormalizeMethod): NormalizationStats {
  if (method === 'none') return { method, offset: [0], divisor: [1] };
  if (isImage(train)) {
    if (method === 'scale') return { method, offset: [0], divisor: [255] };
    const { mean, std } = moments(train.x, 0, 1, train.x.length);
    return { method, offset: [mean], divisor: [nonZero(std)] };
  }
  const features = sampleSize(train);
  const offset: number[] = [];
  const divisor: number[] = [];
  for (let f = 0; f < features; f++) {
    if (method === 'scale') {
      let min = Infinity;
      let max = -Infinity;
      for (let i = f; i < train.x.length; i += features) {
        const v = train.x[i];
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (train.n === 0) min = max = 0;
      offset.push(min);
      divisor.push(nonZero(max - min));
    } else {
      const { mean, std } = moments(train.x, f, features, train.n);
      offset.push(mean);
      divisor.push(nonZero(std));
    }
  }
  return { method, offset, divisor };
}

/** Normalize `values` (whole samples, back to back) in place with fitted stats; returns them. */
export function normalizeValues(values: Float32Array, stats: NormalizationStats): Float32Array {
  const features = stats.offset.length;
  if (values.length % features !== 0) {
    throw new Error(`Normalization statistics cover ${features} features but the values (${values.length}) are not whole samples.`);
  }
  if (features === 1) {
    const [offset, divisor] = [stats.offset[0], stats.divisor[0]];
    for (let i = 0; i < values.length; i++) values[i] = (values[i] - offset) / divisor;
    return values;
  }
  for (let i = 0; i < values.length; i++) {
    const f = i % features;
    values[i] = (values[i] - stats.offset[f]) / stats.divisor[f];
  }
  return values;
}

/**
 * The inverse of normalizeValues, into a new array: normalised samples back in raw units
 * (the decision boundary draws attacked 2-D points on the raw plane). Stats of one feature
 * apply to every value; otherwise value i belongs to feature i % features.
 */
export function denormalizeValues(values: ArrayLike<number>, stats: NormalizationStats): Float32Array {
  const features = stats.offset.length;
  if (values.length % features !== 0) {
    throw new Error(`Normalization statistics cover ${features} features but the values (${values.length}) are not whole samples.`);
  }
  return Float32Array.from(values, (v, i) => v * stats.divisor[i % features] + stats.offset[i % features]);
}

/**
 * A drawn image (pixels 0..1, as the drawing pad averages them) as the model takes an image:
 * the datasets hold raw pixels 0..255, and images normalise with one offset and divisor
 * (method none: offset 0, divisor 1, the raw pixels). The same numbers a test image of those
 * pixels holds, so a drawn digit and a test image meet the same model input.
 */
export function drawnImageInput(pixels: readonly number[], stats: NormalizationStats): number[] {
  return pixels.map((p) => (p * 255 - stats.offset[0]) / stats.divisor[0]);
}

/** Normalize a dataset's inputs in place (the split owns fresh copies); returns it. */
export function applyNormalization(ds: Dataset, stats: NormalizationStats): Dataset {
  const features = stats.offset.length;
  if (features !== 1 && features !== sampleSize(ds)) {
    throw new Error(`Normalization statistics cover ${features} features but samples have ${sampleSize(ds)}.`);
  }
  if (stats.method !== 'none') normalizeValues(ds.x, stats);
  return ds;
}

/** Fit on `train`, apply to every split given; returns the stats. */
export function normalizeSplits(
  splits: { train: Dataset; test: Dataset; validation?: Dataset },
  method: NormalizeMethod,
): NormalizationStats {
  const stats = fitNormalization(splits.train, method);
  for (const ds of [splits.train, splits.test, splits.validation]) if (ds) applyNormalization(ds, stats);
  return stats;
}

/** Mean and population std of count values x[start], x[start + stride], ... in float64. */
function moments(x: Float32Array, start: number, stride: number, count: number): { mean: number; std: number } {
  if (count === 0) return { mean: 0, std: 1 };
  let sum = 0;
  for (let i = start; i < x.length; i += stride) sum += x[i];
  const mean = sum / count;
  let sq = 0;
  // NOTE: two passes (mean first) avoid the cancellation of E[x^2] - E[x]^2 in pixel data.
  for (let i = start; i < x.length; i += stride) sq += (x[i] - mean) ** 2;
  return { mean, std: Math.sqrt(sq / count) };
}

function nonZero(d: number): number {
  return d > 0 && Number.isFinite(d) ? d : 1;
}
