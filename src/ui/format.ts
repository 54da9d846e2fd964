// Numbers for people: compact, stable width where it matters.

const MEASURED = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });

/**
 * A measured figure for people (rates, milliseconds, GFLOP/s, counts per step, ratios):
 * 3 significant digits with thousands separators, e.g. 22.2, 0.00123, 14,200, 10,000,000.
 * Every speed figure on the page goes through this one function.
 */
export function formatNumber(v: number | undefined | null): string {
  if (v === undefined || v === null || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  return MEASURED.format(v).replace('-', '−');
}

export function formatCount(n: number): string {
  if (n < 1000) return String(n);
  const units = ['k', 'M', 'G', 'T'];
  let v = n;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) { v /= 1000; u++; }
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)}${units[u]}`;
}

export function formatShape(shape: readonly number[] | null): string {
  return shape ? `[${shape.join(' × ')}]` : '—';
}

export function formatValue(v: number | undefined | null, digits = 4): string {
  if (v === undefined || v === null || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2);
  return Number(v.toPrecision(digits)).toString();
}

export function formatPercent(v: number | undefined): string {
  return v === undefined ? '—' : `${(v * 100).toFixed(1)}%`;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
