import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useApp } from '../store';
import { axisProps, linearAxis, stepAxis } from './axis';
import { ChartRegion, AXIS, COLOURS, GRID } from './ChartRegion';
import { decimate } from './series';
import { formatNumber } from '../format';
import { scaleTop, timedOnly } from './throughput-scale';

/**
 * Samples per second (left axis) and milliseconds per step (right axis), then GFLOP/s in
 * its own small chart. Only timed reports are drawn (Step presses are not throughput) and
 * each scale ignores the run's first warm-up window.
 */
export function ThroughputChart() {
  const progress = useApp((s) => s.progress);
  const adapter = useApp((s) => s.info?.adapter.label);
  const timed = useMemo(() => timedOnly(progress), [progress]);
  const data = useMemo(() => decimate(timed).map((p) => ({ step: p.step, sps: p.samplesPerSec, ms: p.msPerStep, gflops: p.gflops })), [timed]);
  const tops = useMemo(() => ({
    sps: scaleTop(timed.map((p) => p.samplesPerSec)),
    ms: scaleTop(timed.map((p) => p.msPerStep)),
    gflops: scaleTop(timed.map((p) => p.gflops)),
  }), [timed]);
  const last = timed.at(-1);
  const x = stepAxis(data.map((p) => p.step));
  // Round ticks up to each scale's top (the warm-up spike above it stays clipped).
  const sps = linearAxis([tops.sps], { from: 0 });
  const ms = linearAxis([tops.ms], { from: 0 });
  const gflops = linearAxis([tops.gflops], { from: 0, count: 2 });
  const summary = last
    ? `${formatNumber(last.samplesPerSec)} samples/s, ${formatNumber(last.msPerStep)} ms/step, ${formatNumber(last.gflops)} GFLOP/s; per step ${formatNumber(last.dispatchesPerStep)} dispatches, ${formatNumber(last.submitsPerStep)} submits, ${formatNumber(last.readbacksPerStep)} readbacks${adapter ? ` (${adapter})` : ''}.`
    : progress.length > 0 ? 'Not measured: single steps are not timed; press Train to measure throughput.' : 'No training yet.';
  const rate = (v: number) => formatNumber(v);
  return (
    <ChartRegion name="Throughput" summary={summary}>
      <ResponsiveContainer width="100%" height={150}>
        <LineChart data={data} margin={{ top: 6, right: 0, bottom: 0, left: 0 }} aria-label="Throughput chart: samples per second and milliseconds per step by step">
          <CartesianGrid {...GRID} />
          <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} {...AXIS} {...axisProps(x, false)} />
          <YAxis yAxisId="rate" width={56} {...AXIS} domain={[0, tops.sps]} allowDataOverflow tickFormatter={rate} className="throughput-rate-axis" {...axisProps(sps)} />
          <YAxis yAxisId="ms" orientation="right" width={44} {...AXIS} domain={[0, tops.ms]} allowDataOverflow tickFormatter={rate} {...axisProps(ms)} />
          <Tooltip formatter={(v) => formatNumber(Number(v))} labelFormatter={(l) => `step ${l}`} />
          <Legend iconType="plainline" wrapperStyle={{ fontSize: 12 }} />
          <Line yAxisId="rate" dataKey="sps" name="samples/s" stroke={COLOURS.train} dot={false} isAnimationActive={false} />
          <Line yAxisId="ms" dataKey="ms" name="ms/step" stroke={COLOURS.test} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
      <ResponsiveContainer width="100%" height={90}>
        <LineChart data={data} margin={{ top: 6, right: 44, bottom: 0, left: 0 }} aria-label="Throughput chart: GFLOP/s by step">
          <CartesianGrid {...GRID} />
          <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} {...AXIS} {...axisProps(x, false)} />
          <YAxis width={56} {...AXIS} domain={[0, tops.gflops]} allowDataOverflow tickFormatter={rate} {...axisProps(gflops)} />
          <Tooltip formatter={(v) => formatNumber(Number(v))} labelFormatter={(l) => `step ${l}`} />
          <Legend iconType="plainline" wrapperStyle={{ fontSize: 12 }} />
          <Line dataKey="gflops" name="GFLOP/s" stroke={COLOURS.third} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartRegion>
  );
}
