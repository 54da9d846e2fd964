// The ranges of the experiment's numeric settings, in one place: the schema checks them and
// the page's fields show them (min, max, whole or not) and say them when a value is outside
// ("Batch size must be a whole number from 1 to 65,536"). Layer fields carry theirs in the
// layer registry (nn/layers, checked against the schema there), optimizer settings in the
// optimizer table (OPTIMIZER_FIELDS); all three use this Range.

export interface Range {
  min: number;
  max: number;
  /** Whole numbers only. */
  integer?: boolean;
  /** The lower bound itself is not allowed. */
  above?: boolean;
  /** The upper bound itself is not allowed. */
  below?: boolean;
}

const whole = (min: number, max: number): Range => ({ min, max, integer: true });

export const RANGES = {
  seed: whole(0, 2 ** 32 - 1),
  noise: { min: 0, max: 1 },
  trainFraction: { min: 0.1, max: 0.9 },
  validationFraction: { min: 0, max: 0.5 },
  augmentShift: whole(0, 8),
  augmentNoise: { min: 0, max: 1 },
  huberDelta: { min: 0, max: 1e6, above: true },
  lr: { min: 0, max: 10, above: true },
  penalty: { min: 0, max: 10 },
  warmupSteps: whole(0, 10_000_000),
  stepSize: whole(1, 10_000_000),
  gamma: { min: 0, max: 1, above: true },
  batchSize: whole(1, 65536),
  epochs: whole(1, 10000),
  clipGradNorm: { min: 0, max: 1e6, above: true },
  evalEvery: whole(1, 10000),
  patience: whole(1, 10000),
  targetLoss: { min: 0, max: 1e6 },
  // training.adversarial: ε in raw pixels scaled to [0, 1] (images) or normalised feature units.
  adversarialEpsilon: { min: 0, max: 10 },
  adversarialSteps: whole(1, 1000),
  adversarialStepSize: { min: 0, max: 10, above: true },
  adversarialFraction: { min: 0, max: 1 },
} as const satisfies Record<string, Range>;

const show = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 10 });

/** "a whole number from 1 to 65,536", "a number above 0 and at most 10": for people. */
export function describeRange(r: Range): string {
  if (r.integer) return `a whole number from ${show(r.min)} to ${show(r.max)}`;
  if (!r.above && !r.below) return `a number from ${show(r.min)} to ${show(r.max)}`;
  return `a number ${r.above ? 'above' : 'at least'} ${show(r.min)} and ${r.below ? 'below' : 'at most'} ${show(r.max)}`;
}

/** Whether `v` lies in `r`. */
export function inRange(v: number, r: Range): boolean {
  if (!Number.isFinite(v) || (r.integer && !Number.isInteger(v))) return false;
  if (r.above ? v <= r.min : v < r.min) return false;
  return r.below ? v < r.max : v <= r.max;
}
