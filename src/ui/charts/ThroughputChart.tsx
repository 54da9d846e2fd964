import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useApp } from '../store';
import { ChartRegion, AXIS, COLOURS, GRID } from './ChartRegion';
import { decimate } from './series';
import { formatCount, formatValue } from '../format';

/** Samples per second and GFLOP/s (left axis), milliseconds per step (right axis). */
export function ThroughputChart() {
  const progress = useApp((s) => s.progress);
  const data = useMemo(() => decimate(progress).map((p) => ({ step: p.step, sps: p.samplesPerSec, ms: p.msPerStep, gflops: p.gflops })), [progress]);
  const last = progress.at(-1);
  const summary = last
    ? `${formatCount(Math.round(last.samplesPerSec))} samples/s, ${formatValue(last.msPerStep, 3)} ms/step, ${formatValue(last.gflops, 3)} GFLOP/s; per step ${last.dispatchesPerStep} dispatches, ${last.submitsPerStep} submits, ${formatValue(last.readbacksPerStep, 2)} readbacks.`
    : 'No training yet.';
  return (
    <ChartRegion name="Throughput" summary={summary}>
      <ResponsiveContainer width="100%" height={170}>
        <LineChart data={data} margin={{ top: 6, right: 0, bottom: 0, left: 0 }}>
          <CartesianGrid {...GRID} />
          <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} {...AXIS} />
          <YAxis yAxisId="rate" width={48} {...AXIS} tickFormatter={(v: number) => formatCount(Math.round(v))} />
          <YAxis yAxisId="ms" orientation="right" width={44} {...AXIS} tickFormatter={(v: number) => `${formatValue(v, 2)}`} />
          <Tooltip formatter={(v) => formatValue(Number(v))} labelFormatter={(l) => `step ${l}`} />
          <Legend iconType="plainline" wrapperStyle={{ fontSize: 12 }} />
          <Line yAxisId="rate" dataKey="sps" name="samples/s" stroke={COLOURS.train} dot={false} isAnimationActive={false} />
          <Line yAxisId="ms" dataKey="ms" name="ms/step" stroke={COLOURS.test} dot={false} isAnimationActive={false} />
          <Line yAxisId="ms" dataKey="gflops" name="GFLOP/s" stroke={COLOURS.third} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartRegion>
  );
}
