// One-line summaries and colours of the classification views (pure, unit-tested).
import { summarizeConfusion } from '../../../train/insight';
import type { ClassificationReport } from '../../../worker/insight-protocol';

/** "Confusion matrix: 1,862 of 2,000 correct; most confused: 4 → 9 (23)". */
export function confusionSummary(r: ClassificationReport): string {
  const s = summarizeConfusion(r.matrix);
  const most = s.mostConfused;
  const confused = most ? `most confused: ${r.classNames[most.trueClass]} → ${r.classNames[most.predicted]} (${most.count.toLocaleString('en-US')})` : 'nothing confused';
  return `Confusion matrix: ${s.correct.toLocaleString('en-US')} of ${s.total.toLocaleString('en-US')} correct; ${confused} (step ${r.step}).`;
}

/** Cell background: the row-normalised share, blue on the diagonal, orange off it. */
export function cellColour(share: number, diagonal: boolean): string {
  const a = Math.max(0, Math.min(1, share));
  if (a === 0) return 'transparent';
  return diagonal ? `rgba(37, 99, 235, ${(0.1 + 0.75 * a).toFixed(3)})` : `rgba(232, 89, 12, ${(0.1 + 0.75 * a).toFixed(3)})`;
}

/** Whether a cell's colour is dark enough for white text. */
export function darkCell(share: number): boolean {
  return share > 0.55;
}
