// The learning-rate range test (Smith 2017; fastai's lr_find): from a copy of the current
// training state, take steps with the learning rate growing exponentially from `minLr` to
// `maxLr`, smooth the loss with a bias-corrected exponential moving average, stop early once
// the smoothed loss passes `stopFactor` times its minimum, and suggest the learning rate
// where the smoothed loss falls fastest (per unit of log lr) before its minimum. The state
// is put back afterwards (weights, optimizer state, running statistics, step counter), so
// the sweep leaves the run exactly as it found it. Pure: the caller supplies the probe.

export interface LrFinderOptions {
  /** First learning rate of the sweep (default 1e-7). */
  minLr?: number;
  /** Last learning rate of the sweep (default 10). */
  maxLr?: number;
  /** Steps of the sweep (default 100). */
  steps?: number;
  /** EMA factor of the smoothed loss (default 0.98). */
  beta?: number;
  /** Stop once the smoothed loss exceeds this multiple of its minimum (default 4). */
  stopFactor?: number;
}

export const LR_FINDER_DEFAULTS: Required<LrFinderOptions> = { minLr: 1e-7, maxLr: 10, steps: 100, beta: 0.98, stopFactor: 4 };

/** What the sweep needs from a trainer. */
export interface LrProbe<S> {
  save(): Promise<S>;
  restore(saved: S): Promise<void>;
  /** One optimizer step at exactly this learning rate (no schedule); its training loss. */
  stepAt(lr: number): Promise<number>;
}

export interface LrFinderPoint {
  lr: number;
  /** The step's own loss. */
  loss: number;
  /** The bias-corrected moving average up to this step. */
  smoothedLoss: number;
}

export interface LrFinderResult {
  /** The bounds of the sweep (as configured, whether or not it stopped early). */
  minLr: number;
  maxLr: number;
  points: LrFinderPoint[];
  suggestedLr: number;
  /** Why the sweep ended before `steps`, or null when it ran them all. */
  stoppedEarly: 'diverged' | 'nonFinite' | null;
}

/** The learning rate of step `i` of `steps`: exponential from minLr (i = 0) to maxLr (i = steps - 1). */
export function sweepLr(i: number, steps: number, minLr: number, maxLr: number): number {
  if (steps <= 1) return minLr;
  return minLr * (maxLr / minLr) ** (i / (steps - 1));
}

/** Exponential moving average with bias correction (Adam's): avg / (1 - beta^t). */
export class SmoothedLoss {
  private avg = 0;
  private t = 0;
  constructor(private readonly beta: number) {}

  add(loss: number): number {
    this.t++;
    this.avg = this.beta * this.avg + (1 - this.beta) * loss;
    return this.avg / (1 - this.beta ** this.t);
  }
}

/**
 * The learning rate where the smoothed loss falls fastest before its minimum: the start
 * of the steepest segment between consecutive points on a log-lr axis, among points up
 * to the minimum. With fewer than two points before the minimum (the loss only rose) it
 * is the first learning rate, the most careful choice the sweep saw.
 */
export function suggestLearningRate(points: readonly Pick<LrFinderPoint, 'lr' | 'smoothedLoss'>[]): number {
  if (points.length === 0) throw new Error('suggestLearningRate: no points.');
  let argMin = 0;
  points.forEach((p, i) => { if (p.smoothedLoss < points[argMin].smoothedLoss) argMin = i; });
  let best = 0;
  let bestSlope = 0;
  for (let i = 0; i < argMin; i++) {
    const a = points[i];
    const b = points[i + 1];
    const slope = (b.smoothedLoss - a.smoothedLoss) / (Math.log(b.lr) - Math.log(a.lr));
    if (slope < bestSlope) { bestSlope = slope; best = i; }
  }
  return points[best].lr;
}

function checked(o: LrFinderOptions): Required<LrFinderOptions> {
  const r = { ...LR_FINDER_DEFAULTS, ...o };
  if (!(r.minLr > 0 && r.maxLr > r.minLr)) throw new Error(`lr finder: need 0 < minLr < maxLr; got ${r.minLr} and ${r.maxLr}.`);
  if (!(Number.isInteger(r.steps) && r.steps >= 2)) throw new Error(`lr finder: steps must be a whole number of at least 2; got ${r.steps}.`);
  if (!(r.beta >= 0 && r.beta < 1)) throw new Error(`lr finder: beta must lie in [0, 1); got ${r.beta}.`);
  if (!(r.stopFactor > 1)) throw new Error(`lr finder: stopFactor must exceed 1; got ${r.stopFactor}.`);
  return r;
}

/**
 * Runs the sweep on `probe` and puts its state back (also when a step throws).
 * `onPoint` sees each point as it arrives (a live chart, a progress line).
 */
export async function findLearningRate<S>(
  probe: LrProbe<S>,
  options: LrFinderOptions = {},
  onPoint?: (p: LrFinderPoint, index: number) => void,
): Promise<LrFinderResult> {
  const o = checked(options);
  const saved = await probe.save();
  const points: LrFinderPoint[] = [];
  let stoppedEarly: LrFinderResult['stoppedEarly'] = null;
  try {
    const smoother = new SmoothedLoss(o.beta);
    let min = Infinity;
    for (let i = 0; i < o.steps; i++) {
      const lr = sweepLr(i, o.steps, o.minLr, o.maxLr);
      const loss = await probe.stepAt(lr);
      if (!Number.isFinite(loss)) { stoppedEarly = 'nonFinite'; break; }
      const smoothedLoss = smoother.add(loss);
      const p = { lr, loss, smoothedLoss };
      points.push(p);
      onPoint?.(p, i);
      min = Math.min(min, smoothedLoss);
      if (i < o.steps - 1 && smoothedLoss > o.stopFactor * min) { stoppedEarly = 'diverged'; break; }
    }
  } finally {
    await probe.restore(saved);
  }
  if (points.length === 0) throw new Error('lr finder: the first step already gave a non-finite loss.');
  return { minLr: o.minLr, maxLr: o.maxLr, points, suggestedLr: suggestLearningRate(points), stoppedEarly };
}
