import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useApp } from '../store';
import { ChartRegion, AXIS, COLOURS, GRID } from './ChartRegion';
import { decimate } from './series';
import { formatPercent, formatValue } from '../format';
import { keptEvalMetric, keptLines, useShownRuns } from './kept-runs';
import { axisProps, linearAxis, stepAxis } from './axis';

/** "Accuracy" for classification, "Error" (test MSE) for regression. */
export function AccuracyChart() {
  const evals = useApp((s) => s.evals);
  const task = useApp((s) => s.validation.task);
  const regression = task === 'regression';
  const data = useMemo(() => decimate(evals).map((e) => ({
    step: e.step, test: regression ? e.testMse : e.testAccuracy, train: regression ? undefined : e.trainAccuracy,
  })), [evals, regression]);
  const shown = useShownRuns();
  const lastStep = useApp((s) => s.progress.at(-1)?.step ?? 0);
  const kept = shown.map(keptEvalMetric(regression));
  // From step 0 to the run's last step, as the loss chart (not from the first evaluation).
  const x = stepAxis([lastStep, ...data.map((p) => p.step), ...kept.flatMap((k) => k.map((p) => p.step))]);
  const y = regression ? linearAxis([...data.map((p) => p.test), ...kept.flatMap((k) => k.map((p) => p.value))], { from: 0 }) : null;
  const last = evals.at(-1);
  const summary = !last ? 'No evaluation yet.'
    : regression ? `Step ${last.step}: test MSE ${formatValue(last.testMse)}.`
    : `Step ${last.step}: test accuracy ${formatPercent(last.testAccuracy)}${last.trainAccuracy !== undefined ? `, train ${formatPercent(last.trainAccuracy)}` : ''}.`;
  return (
    <ChartRegion name={regression ? 'Error' : 'Accuracy'} summary={summary}>
      <ResponsiveContainer width="100%" height={170}>
        <LineChart margin={{ top: 6, right: 12, bottom: 0, left: 0 }} aria-label={regression ? 'Error chart: test MSE by step' : 'Accuracy chart: test and train accuracy by step'}>
          <CartesianGrid {...GRID} />
          <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDuplicatedCategory={false} {...AXIS} {...axisProps(x, false)} />
          {regression
            ? <YAxis type="number" {...AXIS} {...axisProps(y)} />
            : <YAxis domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} interval={0} width={44} {...AXIS} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} />}
          <Tooltip formatter={(v) => (regression ? formatValue(Number(v)) : formatPercent(Number(v)))} labelFormatter={(l) => `step ${l}`} />
          <Legend iconType="plainline" wrapperStyle={{ fontSize: 12 }} />
          {keptLines(shown, (r) => kept[shown.indexOf(r)])}
          <Line data={data} dataKey="test" name={regression ? 'test MSE' : 'test'} stroke={COLOURS.test} dot={{ r: 2 }} isAnimationActive={false} strokeWidth={1.8} />
          {!regression && <Line data={data} dataKey="train" name="train" stroke={COLOURS.train} dot={{ r: 2 }} isAnimationActive={false} strokeWidth={1.8} />}
        </LineChart>
      </ResponsiveContainer>
    </ChartRegion>
  );
}
