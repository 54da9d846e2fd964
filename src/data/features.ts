// Input features of the 2-D sets (`data.features`, TensorFlow Playground's feature toggles).
//
// ORDER (the same in training and in the decision-boundary grid): the raw point (x1, x2)
// is first NORMALISED with the training split's statistics (normalize.ts), then each feature
// is computed from the normalised pair, in the order `data.features` lists them:
//   x1, x2, x1Squared = x1², x2Squared = x2², x1TimesX2 = x1·x2, sinX1 = sin(x1), sinX2 = sin(x2).
// The default (x1, x2) leaves the data untouched, so runs without the field are unchanged.
import { DEFAULT_FEATURES, type FeatureName } from '../spec';
import { normalizeValues } from './normalize';
import type { Dataset, NormalizationStats } from './types';

const FEATURE_FUNCTIONS: Record<FeatureName, (x1: number, x2: number) => number> = {
  x1: (x1) => x1,
  x2: (_x1, x2) => x2,
  x1Squared: (x1) => x1 * x1,
  x2Squared: (_x1, x2) => x2 * x2,
  x1TimesX2: (x1, x2) => x1 * x2,
  sinX1: (x1) => Math.sin(x1),
  sinX2: (_x1, x2) => Math.sin(x2),
};

/** One feature of one (normalised) point. */
export function featureValue(feature: FeatureName, x1: number, x2: number): number {
  return FEATURE_FUNCTIONS[feature](x1, x2);
}

/** True when `features` is exactly x1, x2 in that order: the data needs no expansion. */
export function isDefaultFeatures(features: readonly FeatureName[]): boolean {
  return features.length === DEFAULT_FEATURES.length && features.every((f, i) => f === DEFAULT_FEATURES[i]);
}

/** Normalised points [n * 2] -> features [n * features.length], row by row. */
export function expandFeatures(points: Float32Array, features: readonly FeatureName[]): Float32Array {
  const n = points.length / 2;
  const k = features.length;
  const fns = features.map((f) => FEATURE_FUNCTIONS[f]);
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const x1 = points[2 * i];
    const x2 = points[2 * i + 1];
    for (let j = 0; j < k; j++) out[i * k + j] = fns[j](x1, x2);
  }
  return out;
}

/** A normalised 2-D dataset with its inputs replaced by `features` (a new Dataset; `ds` is kept). */
export function withFeatures(ds: Dataset, features: readonly FeatureName[]): Dataset {
  if (isDefaultFeatures(features)) return ds;
  return { ...ds, inputShape: [features.length], x: expandFeatures(ds.x, features), featureNames: [...features] };
}

/**
 * Raw points [n * 2] -> what the model sees: normalised with the split's statistics, then
 * expanded. The decision boundary maps its grid (and the raw training points) through this,
 * so it runs the same arithmetic in the same order as the data pipeline (float32 at each store).
 */
export function modelInputs(points: Float32Array, stats: NormalizationStats, features: readonly FeatureName[]): Float32Array {
  const normalised = Float32Array.from(points);
  if (stats.method !== 'none') normalizeValues(normalised, stats);
  return isDefaultFeatures(features) ? normalised : expandFeatures(normalised, features);
}
