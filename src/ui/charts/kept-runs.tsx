import { useMemo } from 'react';
import { Line } from 'recharts';
import { useApp } from '../store';
import { runColour } from '../store/compare';
import type { KeptRun } from '../store/compare';
import { smooth } from './series';

/** Kept runs to draw: shown ones, except the run the charts already draw as "this run". */
export function useShownRuns(): KeptRun[] {
  const runs = useApp((s) => s.runs);
  const currentRunId = useApp((s) => s.currentRunId);
  return useMemo(() => runs.filter((r) => !r.hidden && r.id !== currentRunId).reverse(), [runs, currentRunId]);
}

type Points = { step: number; value: number | undefined }[];

/** One thin faded line per kept run (a Line element list: Recharts wants Lines as direct children). */
export function keptLines(runs: KeptRun[], pick: (r: KeptRun) => Points, dashed = false) {
  return runs.map((r) => (
    <Line key={`${r.id}${dashed ? '-d' : ''}`} data={pick(r)} dataKey="value" name={r.label} stroke={runColour(r.id)}
      strokeOpacity={0.65} strokeWidth={1.2} strokeDasharray={dashed ? '4 3' : undefined} dot={false}
      isAnimationActive={false} legendType={dashed ? 'none' : 'plainline'} connectNulls className="kept-run-line" />
  ));
}

export const keptTrainLoss = (smoothing: number, logScale: boolean) => (r: KeptRun): Points => {
  const values = smooth(r.train.map((p) => p.loss), smoothing);
  return r.train.map((p, i) => ({ step: p.step, value: values[i] })).filter((p) => !logScale || p.value > 0);
};
