// Seeded train / test / validation splits.
// - Shuffled sets (synthetic, the MNIST subset, CSV): one permutation from
//   Rng.derive(seed, SPLIT_STREAM); the first round(n * trainFraction) samples of it train,
//   the rest test. Validation, when asked, is the LAST round(nTrain * validationFraction)
//   of the training part (a fraction of the training part, as Keras' validation_split).
// - Fashion-MNIST keeps its official 60,000 / 10,000 split; only validation is carved out
//   of its training part, with the same seeded rule.
// Every returned Dataset owns a fresh copy of its rows, so normalization may work in place.

import { Rng } from '../engine/random';
import { SPLIT_STREAM } from './streams';
import { sampleSize, targetSize, type Dataset } from './types';

export interface SplitOptions {
  seed: number;
  /** 0.1 to 0.9. */
  trainFraction: number;
  /** Fraction of the training part held out for validation (0 = none). */
  validationFraction?: number;
}

export interface RawSplit {
  train: Dataset;
  test: Dataset;
  validation?: Dataset;
}

/** The rows of `ds` at `indices`, in that order, copied. */
export function subset(ds: Dataset, indices: ArrayLike<number>): Dataset {
  const xs = sampleSize(ds);
  const ys = targetSize(ds);
  const x = new Float32Array(indices.length * xs);
  const y = ds.y instanceof Uint32Array ? new Uint32Array(indices.length * ys) : new Float32Array(indices.length * ys);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    x.set(ds.x.subarray(i * xs, (i + 1) * xs), k * xs);
    y.set(ds.y.subarray(i * ys, (i + 1) * ys), k * ys);
  }
  return { ...ds, inputShape: [...ds.inputShape], x, y, n: indices.length };
}

export function splitDataset(ds: Dataset, options: SplitOptions): RawSplit {
  const { seed, trainFraction } = options;
  if (!(trainFraction > 0 && trainFraction < 1)) {
    throw new Error(`data.trainFraction must be between 0 and 1 (exclusive); it is ${trainFraction}.`);
  }
  const order = Rng.derive(seed, SPLIT_STREAM).permutation(ds.n);
  const nTrain = Math.round(ds.n * trainFraction);
  const trainPart = order.subarray(0, nTrain);
  const test = subset(ds, order.subarray(nTrain));
  return { ...holdOutValidation(ds, trainPart, options.validationFraction ?? 0), test };
}

/**
 * An official split (Fashion-MNIST): train and test stay as published; validation, if
 * asked, comes from a seeded permutation of the training part. Without validation the
 * given datasets are returned as they are (not copied).
 */
export function officialSplit(train: Dataset, test: Dataset, options: { seed: number; validationFraction?: number }): RawSplit {
  const fraction = options.validationFraction ?? 0;
  if (fraction <= 0) return { train, test };
  const order = Rng.derive(options.seed, SPLIT_STREAM).permutation(train.n);
  return { ...holdOutValidation(train, order, fraction), test };
}

function holdOutValidation(ds: Dataset, trainPart: Uint32Array, fraction: number): { train: Dataset; validation?: Dataset } {
  if (!(fraction >= 0 && fraction < 1)) {
    throw new Error(`data.validationFraction must be at least 0 and below 1; it is ${fraction}.`);
  }
  const nValidation = Math.round(trainPart.length * fraction);
  if (nValidation === 0) return { train: subset(ds, trainPart) };
  const nTrain = trainPart.length - nValidation;
  return {
    train: subset(ds, trainPart.subarray(0, nTrain)),
    validation: subset(ds, trainPart.subarray(nTrain)),
  };
}
