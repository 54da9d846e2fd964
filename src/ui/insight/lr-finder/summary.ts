import type { LrFinderState } from '../../store/insight-slice';

/** The suggestion as the learning-rate field shows it: three significant digits. */
export function suggestedFieldValue(lr: number): number {
  return Number(lr.toPrecision(3));
}

export function lrFinderSummary(f: LrFinderState): string {
  if (f.status === 'error') return `The learning-rate finder failed: ${f.message}`;
  if (f.status === 'running') {
    const last = f.points.at(-1);
    return `Sweeping… ${f.points.length} steps${last ? `, lr ${last.lr.toExponential(1)}` : ''}.`;
  }
  const r = f.result;
  if (!r) return 'Not run yet.';
  const why = r.stoppedEarly === 'diverged' ? ', stopped when the loss passed 4× its minimum' : r.stoppedEarly === 'nonFinite' ? ', stopped when the loss became NaN' : '';
  return `Suggested learning rate ${suggestedFieldValue(r.suggestedLr)} (steepest fall of the smoothed loss before its minimum); ${r.points.length} steps from ${r.minLr} to ${r.maxLr}${why}.`;
}
