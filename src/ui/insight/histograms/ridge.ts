// Layout of a distribution history (TensorBoard's "distributions" as a ridge plot): one
// curve per snapshot, oldest at the back (top), newest at the front (bottom), all on one
// value axis. Pure, so the geometry is testable without a canvas.
import type { Histogram } from '../../../worker/insight-protocol';

export interface RidgeCurve {
  /** Points in 0..1 of the plot's width and height (y grows downward). */
  points: [number, number][];
  /** 0 = oldest, 1 = newest. */
  age: number;
}

/** Total values in a histogram (its bins plus the non-finite ones). */
export function histogramTotal(h: Histogram): number {
  return h.counts.reduce((a, c) => a + c, 0) + h.nonFinite;
}

export function ridgeCurves(history: readonly Histogram[], overlap = 0.6): { curves: RidgeCurve[]; min: number; max: number } {
  if (history.length === 0) return { curves: [], min: 0, max: 0 };
  const min = Math.min(...history.map((h) => h.min));
  const max = Math.max(...history.map((h) => h.max));
  const span = max - min || 1;
  const n = history.length;
  // Each curve gets a band; bands overlap so the shapes read as one surface.
  const band = 1 / (1 + (n - 1) * (1 - overlap));
  const curves = history.map((h, k) => {
    const peak = Math.max(1, ...h.counts);
    const base = band + k * band * (1 - overlap);
    const bins = h.counts.length;
    const width = (h.max - h.min) / bins;
    const points: [number, number][] = [[(h.min - min) / span, base]];
    h.counts.forEach((c, i) => {
      const centre = h.min + (i + 0.5) * width;
      points.push([(centre - min) / span, base - (c / peak) * band]);
    });
    points.push([(h.max - min) / span, base]);
    return { points, age: n === 1 ? 1 : k / (n - 1) };
  });
  return { curves, min, max };
}
