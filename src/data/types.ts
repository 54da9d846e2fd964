// Shapes of data shared by the loaders, the trainer and the UI.

import type { Normalization, Task } from '../spec';

export type { Task };
export type NormalizeMethod = Normalization;

/**
 * A dataset held in flat typed arrays, ready to upload to the GPU once.
 * `x` is row-major: sample i occupies x[i * prod(inputShape) .. (i + 1) * prod(inputShape)).
 * Images are NHWC ([28, 28, 1] per sample).
 */
export interface Dataset {
  task: Task;
  inputShape: number[];
  /** Number of classes for classification; 0 for regression. */
  numClasses: number;
  x: Float32Array;
  /** Class indices (Uint32Array) for classification; targets (n * targetDim) for regression. */
  y: Float32Array | Uint32Array;
  n: number;
  featureNames?: string[];
  classNames?: string[];
}

/**
 * What normalization did, so new inputs (a drawn digit, a point under the cursor)
 * can be mapped the same way: normalized = (raw - offset[f]) / divisor[f].
 * `offset`/`divisor` have one entry per feature, or a single entry applied to every
 * value (images, and `none`). Plain number arrays so the stats can go into JSON exports.
 */
export interface NormalizationStats {
  method: NormalizeMethod;
  offset: number[];
  divisor: number[];
}

export interface Split {
  train: Dataset;
  test: Dataset;
  validation?: Dataset;
  /** Of the raw (x1, x2) points: the model's inputs are features of the normalised pair. */
  stats: NormalizationStats;
  /** 2-D sets only: each sample's raw point (x1, x2), [n * 2], before normalisation and features. */
  points?: { train: Float32Array; test: Float32Array };
}

/** Number of input values per sample. */
export function sampleSize(ds: Pick<Dataset, 'inputShape'>): number {
  return ds.inputShape.reduce((a, b) => a * b, 1);
}

/** Number of target values per sample (1 for class labels). */
export function targetSize(ds: Pick<Dataset, 'y' | 'n'>): number {
  return ds.n === 0 ? 1 : ds.y.length / ds.n;
}

/** True for image datasets ([H, W, C] inputs), which normalize with one global statistic. */
export function isImage(ds: Pick<Dataset, 'inputShape'>): boolean {
  return ds.inputShape.length === 3;
}
