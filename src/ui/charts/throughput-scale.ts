// The throughput chart's y scale. Only timed reports are throughput (a Step press or a
// run's first report is not: src/train/throughput.ts), and the first window of a run
// measures start-up (pipelines compiling, the queue filling), so its spike must not set
// the scale for the rest of the run and flatten the curve.

/** Reports in the first window of a run (the trainer's RATE_WINDOW stamps). */
export const WARMUP_POINTS = 6;

interface Timed {
  timed?: boolean;
}

/** The reports that measured training (older reports without the flag count as timed). */
export function timedOnly<T extends Timed>(points: readonly T[]): T[] {
  return points.filter((p) => p.timed !== false);
}

/** 1, 2, 2.5, 5 × 10^k: the smallest such number at or above `v` (1 for nothing). */
export function niceCeiling(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v * (1 - 1e-12)) return m * p;
  return 10 * p;
}

/**
 * The top of the axis for `values` (in step order): their maximum with 10% headroom,
 * ignoring the first warm-up window once there is anything after it.
 */
export function scaleTop(values: readonly number[], warmup = WARMUP_POINTS): number {
  const settled = values.length > warmup ? values.slice(warmup) : values;
  const finite = settled.filter(Number.isFinite);
  return niceCeiling(finite.length ? Math.max(...finite) * 1.1 : 0);
}
