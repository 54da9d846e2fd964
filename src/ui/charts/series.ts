// Chart data helpers: smoothing as TensorBoard does it (debiased EMA) and decimation so a
// long run still draws ~500 points.

export const MAX_CHART_POINTS = 500;

/** Every k-th point so at most `max` remain; the last point always stays. */
export function decimate<T>(points: readonly T[], max = MAX_CHART_POINTS): T[] {
  if (points.length <= max) return points as T[];
  const stride = Math.ceil(points.length / max);
  const out: T[] = [];
  for (let i = 0; i < points.length; i += stride) out.push(points[i]);
  if (out[out.length - 1] !== points[points.length - 1]) out.push(points[points.length - 1]);
  return out;
}

/** Exponential moving average with bias correction; weight 0 returns the values unchanged. */
export function smooth(values: readonly number[], weight: number): number[] {
  if (weight <= 0) return [...values];
  const out: number[] = [];
  let last = 0;
  let count = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) { out.push(v); continue; }
    last = last * weight + (1 - weight) * v;
    count++;
    out.push(last / (1 - weight ** count));
  }
  return out;
}
