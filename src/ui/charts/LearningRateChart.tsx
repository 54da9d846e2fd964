import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useApp } from '../store';
import { ChartRegion, AXIS, COLOURS, GRID } from './ChartRegion';
import { decimate } from './series';
import { formatValue } from '../format';
import { axisProps, linearAxis, stepAxis } from './axis';

export function LearningRateChart() {
  const progress = useApp((s) => s.progress);
  const data = useMemo(() => decimate(progress).map((p) => ({ step: p.step, lr: p.lr })), [progress]);
  const last = progress.at(-1);
  const x = stepAxis(data.map((p) => p.step));
  const y = linearAxis(data.map((p) => p.lr), { from: 0 });
  return (
    <ChartRegion name="Learning rate" summary={last ? `Step ${last.step}: learning rate ${formatValue(last.lr)}.` : 'No training yet.'}>
      <ResponsiveContainer width="100%" height={140}>
        <LineChart data={data} margin={{ top: 6, right: 12, bottom: 0, left: 0 }} aria-label="Learning rate chart: learning rate by step">
          <CartesianGrid {...GRID} />
          <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} {...AXIS} {...axisProps(x, false)} />
          <YAxis type="number" {...AXIS} {...axisProps(y)} />
          <Tooltip formatter={(v) => formatValue(Number(v))} labelFormatter={(l) => `step ${l}`} />
          <Line dataKey="lr" name="learning rate" stroke={COLOURS.third} dot={false} isAnimationActive={false} strokeWidth={1.8} />
        </LineChart>
      </ResponsiveContainer>
    </ChartRegion>
  );
}
