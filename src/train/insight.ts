// Pure computations behind the "inside the model" views: predicted classes from the test
// outputs (the same rule as the accuracy count), the confusion matrix, histograms, softmax.
// No backend here: the worker feeds these with what the trainer read back.
import type { TestOutputs } from './evaluation';

/**
 * The predicted class of every row: the first largest output, or for a single output
 * (binary cross-entropy's logit) whether it is positive. The same rule as the backends'
 * countCorrect, so the confusion matrix's diagonal is the reported accuracy's count.
 */
export function predictedClasses(outputs: TestOutputs): Uint32Array {
  const { values, width } = outputs;
  const rows = width === 0 ? 0 : values.length / width;
  const out = new Uint32Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * width;
    if (width === 1) { out[r] = values[o] > 0 ? 1 : 0; continue; }
    let best = 0;
    for (let j = 1; j < width; j++) if (values[o + j] > values[o + best]) best = j;
    out[r] = best;
  }
  return out;
}

/** counts[true][predicted] over the rows; rows are true classes in class order. */
export function confusionMatrix(labels: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  if (labels.length !== predicted.length) throw new Error(`confusionMatrix: ${labels.length} labels but ${predicted.length} predictions.`);
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) m[labels[i]][predicted[i]]++;
  return m;
}

export interface ConfusionSummary {
  total: number;
  correct: number;
  /** Per true class: correct / examples of that class (null for a class with none). */
  perClassAccuracy: (number | null)[];
  /** The largest off-diagonal cell, or null when nothing is confused. */
  mostConfused: { trueClass: number; predicted: number; count: number } | null;
}

export function summarizeConfusion(m: readonly (readonly number[])[]): ConfusionSummary {
  let total = 0;
  let correct = 0;
  let most: ConfusionSummary['mostConfused'] = null;
  const perClassAccuracy = m.map((row, t) => {
    const n = row.reduce((a, c) => a + c, 0);
    total += n;
    correct += row[t];
    row.forEach((count, p) => {
      if (p !== t && count > 0 && (!most || count > most.count)) most = { trueClass: t, predicted: p, count };
    });
    return n === 0 ? null : row[t] / n;
  });
  return { total, correct, perClassAccuracy, mostConfused: most };
}

export interface Histogram {
  /** Range of the finite values (both 0 when there are none). */
  min: number;
  max: number;
  /** Equal-width bins over [min, max]; the last bin includes max. */
  counts: number[];
  /** NaN and infinite values, outside the bins: counts plus this is the number of values. */
  nonFinite: number;
}

/** Counts of `values` in `bins` equal-width bins between their minimum and maximum. */
export function histogram(values: ArrayLike<number>, bins = 30): Histogram {
  let min = Infinity;
  let max = -Infinity;
  let nonFinite = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) { nonFinite++; continue; }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const counts = new Array<number>(bins).fill(0);
  if (min > max) return { min: 0, max: 0, counts, nonFinite };
  const width = (max - min) / bins;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    // A constant set (width 0) lands in bin 0; max lands in the last bin.
    const k = width === 0 ? 0 : Math.min(bins - 1, Math.floor((v - min) / width));
    counts[k]++;
  }
  return { min, max, counts, nonFinite };
}

/** Class probabilities of one output row (softmax; a single logit is the positive class's sigmoid). */
export function probabilities(logits: ArrayLike<number>): number[] {
  if (logits.length === 1) {
    const p = 1 / (1 + Math.exp(-logits[0]));
    return [1 - p, p];
  }
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const e = Array.from(logits, (v) => Math.exp(v - max));
  const sum = e.reduce((a, c) => a + c, 0);
  return e.map((v) => v / sum);
}
