// Tidy linear axes for the charts: round ticks (1, 2, 5 × 10^k apart) covering the data,
// labels with just enough digits to tell neighbouring ticks apart (never "0.693, 0.693"),
// large values in a short form ("12k", "1.5M"), and a width that fits the longest label
// (Recharts' fixed width clips "1,234,567" on the left).

export interface Axis {
  domain: [number, number];
  ticks: number[];
  format(v: number): string;
  /** Pixels for the labels. */
  width: number;
}

/** Round tick spacing near `span / count`. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5]) if (m * p >= raw * (1 - 1e-9)) return m * p;
  return 10 * p;
}

/** Decimals that write `step` exactly (0.0025: 4), so every tick reads as itself. */
function decimalsOf(step: number): number {
  for (let d = 0; d < 12; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-6) return d;
  return 12;
}

/** A label for `v` given the tick spacing `step`. */
export function tickLabel(v: number, step: number): string {
  const a = Math.abs(v);
  if (a >= 1e4) {
    const [div, unit] = a >= 1e9 ? [1e9, 'G'] : a >= 1e6 ? [1e6, 'M'] : [1e3, 'k'];
    return `${Number((v / div).toFixed(Math.min(decimalsOf(step / div), 3)))}${unit}`;
  }
  const digits = decimalsOf(step);
  return v.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: Math.min(digits, 12), useGrouping: true });
}

/**
 * About `count` round ticks from at or below the smallest value to at or above the largest
 * (`from` fixes the start, e.g. 0 for steps); null when there are no finite values.
 */
export function linearAxis(values: Iterable<number | undefined>, opts: { count?: number; from?: number } = {}): Axis | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) if (v !== undefined && Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (opts.from !== undefined) lo = Math.min(lo, opts.from);
  if (!Number.isFinite(lo)) return null;
  if (hi === lo) { const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1; hi = lo + pad; if (opts.from === undefined) lo -= pad; }
  const step = niceStep(hi - lo, opts.count ?? 4);
  // A diverging run's values (1e38 and up): no round axis to give; Recharts' own takes over.
  if (!Number.isFinite(step) || !(step > 0) || (hi - lo) / step > 50) return null;
  const start = opts.from ?? Math.floor(lo / step + 1e-9) * step;
  const ticks: number[] = [];
  for (let t = start; t < hi + step * (1 - 1e-9); t += step) ticks.push(Number(t.toPrecision(12)));
  const format = (v: number) => tickLabel(v, step);
  const width = 10 + 6.5 * Math.max(...ticks.map((t) => format(t).length));
  return { domain: [ticks[0], ticks.at(-1)!], ticks, format, width };
}

/** Recharts props of an axis from linearAxis (or none: Recharts' own defaults, e.g. before data). */
export function axisProps(a: Axis | null, withWidth = true) {
  if (!a) return withWidth ? { width: 48 } : {};
  return { domain: a.domain, ticks: a.ticks, tickFormatter: a.format, interval: 0 as const, ...(withWidth ? { width: a.width } : {}) };
}

/** The step axis: from 0 (a run starts there, so every chart lines up) to the last step shown. */
export const stepAxis = (steps: Iterable<number>) => linearAxis(steps, { from: 0, count: 5 });
