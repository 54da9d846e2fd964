import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useApp } from '../store';
import { RangeField, CheckField } from '../fields';
import { ChartRegion, AXIS, COLOURS, GRID } from './ChartRegion';
import { decimate, smooth } from './series';
import { formatValue } from '../format';
import { keptLines, keptTrainLoss, useShownRuns } from './kept-runs';
import { axisProps, linearAxis, stepAxis } from './axis';

export function LossChart() {
  const progress = useApp((s) => s.progress);
  const evals = useApp((s) => s.evals);
  const smoothing = useApp((s) => s.smoothing);
  const logScale = useApp((s) => s.logScale);
  const setSmoothing = useApp((s) => s.setSmoothing);
  const setLogScale = useApp((s) => s.setLogScale);
  const train = useMemo(() => {
    const points = decimate(progress);
    const values = smooth(points.map((p) => p.trainLoss), smoothing);
    return points.map((p, i) => ({ step: p.step, train: values[i] })).filter((p) => !logScale || p.train > 0);
  }, [progress, smoothing, logScale]);
  const test = useMemo(() => decimate(evals).map((e) => ({ step: e.step, test: e.testLoss })).filter((p) => !logScale || p.test > 0), [evals, logScale]);
  const shown = useShownRuns();
  const kept = useMemo(() => shown.map(keptTrainLoss(smoothing, logScale)), [shown, smoothing, logScale]);
  const x = stepAxis([...train.map((p) => p.step), ...test.map((p) => p.step), ...kept.flatMap((k) => k.map((p) => p.step))]);
  const y = logScale ? null : linearAxis([...train.map((p) => p.train), ...test.map((p) => p.test), ...kept.flatMap((k) => k.map((p) => p.value))]);
  const lastTrain = progress.at(-1);
  const lastTest = evals.at(-1);
  const summary = lastTrain
    ? `Step ${lastTrain.step}: train loss ${formatValue(lastTrain.trainLoss)}${lastTest ? `, test loss ${formatValue(lastTest.testLoss)} (step ${lastTest.step})` : ''}; ${progress.length} points.`
    : 'No training yet.';
  const controls = (
    <div className="chart-controls">
      <RangeField label="Smoothing" value={smoothing} min={0} max={0.99} step={0.01} onChange={setSmoothing} format={(v) => v.toFixed(2)} />
      <CheckField label="Log scale" checked={logScale} onChange={setLogScale} />
    </div>
  );
  return (
    <ChartRegion name="Loss" summary={summary} controls={controls}>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart margin={{ top: 6, right: 12, bottom: 0, left: 0 }} aria-label="Loss chart: train and test loss by step">
          <CartesianGrid {...GRID} />
          <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDuplicatedCategory={false} {...AXIS} {...axisProps(x, false)} />
          {logScale
            ? <YAxis scale="log" domain={['auto', 'auto']} width={48} {...AXIS} tickFormatter={(v: number) => formatValue(v, 3)} allowDataOverflow />
            : <YAxis type="number" {...AXIS} {...axisProps(y)} />}
          <Tooltip formatter={(v) => formatValue(Number(v))} labelFormatter={(l) => `step ${l}`} />
          <Legend iconType="plainline" wrapperStyle={{ fontSize: 12 }} />
          {keptLines(shown, (r) => kept[shown.indexOf(r)])}
          <Line data={train} dataKey="train" name="train" stroke={COLOURS.train} dot={false} isAnimationActive={false} strokeWidth={1.8} />
          <Line data={test} dataKey="test" name="test" stroke={COLOURS.test} dot={{ r: 2 }} isAnimationActive={false} strokeWidth={1.8} />
        </LineChart>
      </ResponsiveContainer>
    </ChartRegion>
  );
}
