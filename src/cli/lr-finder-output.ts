// What `npm run train -- <experiment> --find-lr` prints and writes: a table of the sweep
// (learning rate, smoothed loss), the suggestion, the --json last line
// {"lrFinder": true, "suggestedLr", "minLr", "maxLr", "points": [[lr, smoothedLoss], ...]}
// and the records of --out's lr-finder.jsonl (one per point).
import type { LrFinderResult } from '../train/lr-finder';

/** Non-finite numbers become null (JSON has no NaN). */
const num = (v: number) => (Number.isFinite(v) ? v : null);

export function lrFinderJsonLine(r: LrFinderResult): string {
  return JSON.stringify({
    lrFinder: true,
    suggestedLr: r.suggestedLr,
    minLr: r.minLr,
    maxLr: r.maxLr,
    points: r.points.map((p) => [p.lr, num(p.smoothedLoss)]),
  });
}

/** lr-finder.jsonl: one object per sweep step (1-based). */
export function lrFinderRecords(r: LrFinderResult): object[] {
  return r.points.map((p, i) => ({ step: i + 1, lr: p.lr, loss: num(p.loss), smoothedLoss: num(p.smoothedLoss) }));
}

export function lrFinderTable(r: LrFinderResult): string {
  const rows = r.points.map((p, i) => `${String(i + 1).padStart(4)}  ${p.lr.toExponential(3).padStart(10)}  ${p.smoothedLoss.toPrecision(5).padStart(12)}${p.lr === r.suggestedLr ? '  <- suggested' : ''}`);
  const why = r.stoppedEarly === 'diverged' ? ' (stopped early: the smoothed loss passed 4x its minimum)'
    : r.stoppedEarly === 'nonFinite' ? ' (stopped early: the loss became NaN/Inf)' : '';
  return [
    `Learning-rate range test: ${r.points.length} steps from ${r.minLr} to ${r.maxLr}${why}`,
    'step          lr  smoothed loss',
    ...rows,
    `Suggested learning rate: ${r.suggestedLr.toPrecision(3)} (the steepest fall of the smoothed loss before its minimum)`,
    '',
  ].join('\n');
}
