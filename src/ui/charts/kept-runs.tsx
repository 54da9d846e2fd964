import { useMemo } from 'react';
import { Line } from 'recharts';
import { useApp } from '../store';
import { runColour } from '../store/compare';
import type { StoredRun } from '../store/run-record';
import { decimate, smooth } from './series';
import { COLOURS } from './ChartRegion';

/** The colour a stored run has in the charts: the live lines' own for the run in them, else its compare colour. */
export const chartColour = (run: StoredRun, currentRunId: string | null) => (run.id === currentRunId ? COLOURS.train : runColour(run.number));

/** Points drawn per compared run: a faded line needs fewer than the run in the charts. */
const OVERLAY_POINTS = 300;

/** Compared runs to draw (oldest first), except the run the charts already draw as "this run". */
export function useShownRuns(): StoredRun[] {
  const storedRuns = useApp((s) => s.storedRuns);
  const compareIds = useApp((s) => s.compareIds);
  const currentRunId = useApp((s) => s.currentRunId);
  return useMemo(() => compareIds.filter((id) => id !== currentRunId)
    .map((id) => storedRuns.find((r) => r.id === id))
    .filter((r): r is StoredRun => r !== undefined), [storedRuns, compareIds, currentRunId]);
}

type Points = { step: number; value: number | undefined }[];

/** One thin faded line per compared run (a Line element list: Recharts wants Lines as direct children). */
export function keptLines(runs: StoredRun[], pick: (r: StoredRun) => Points, dashed = false) {
  return runs.map((r) => (
    <Line key={`${r.id}${dashed ? '-d' : ''}`} data={pick(r)} dataKey="value" name={r.name} stroke={runColour(r.number)}
      strokeOpacity={0.65} strokeWidth={1.2} strokeDasharray={dashed ? '4 3' : undefined} dot={false}
      isAnimationActive={false} legendType={dashed ? 'none' : 'plainline'} connectNulls className="kept-run-line" />
  ));
}

export const keptTrainLoss = (smoothing: number, logScale: boolean) => (r: StoredRun): Points => {
  const points = decimate(r.metrics.progress, OVERLAY_POINTS);
  const values = smooth(points.map((p) => p.trainLoss), smoothing);
  return points.map((p, i) => ({ step: p.step, value: values[i] })).filter((p) => !logScale || (p.value ?? 0) > 0);
};

export const keptEvalMetric = (regression: boolean) => (r: StoredRun): Points =>
  decimate(r.metrics.evals, OVERLAY_POINTS).map((e) => ({ step: e.step, value: regression ? e.testMse : e.testAccuracy }));
