import { useId, useMemo, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useApp } from '../store';
import { AXIS, ChartRegion, COLOURS, GRID } from '../charts/ChartRegion';
import { formatNumber } from '../format';
import { runSpeedJob } from './commands';
import { measuredOn } from './where';
import { raceVerdict } from './wording';

const RACE_SECONDS = 20;

/** The current experiment trained on WebGPU then on the CPU, same seed, fresh weights. */
export function Race() {
  const result = useApp((s) => s.speedResults.race);
  const busy = useApp((s) => s.speedBusy);
  const progress = useApp((s) => s.speedProgress);
  const error = useApp((s) => s.speedErrors.race);
  const adapter = useApp((s) => s.adapter);
  const [steps, setSteps] = useState(200);
  const reasonId = useId();
  const stepsId = useId();
  const noGpu = adapter.status !== 'ok';
  const data = useMemo(() => {
    if (!result) return [];
    const byStep = new Map<number, { step: number; gpu?: number; cpu?: number }>();
    for (const p of result.gpu.losses) byStep.set(p.step, { step: p.step, gpu: p.loss });
    for (const p of result.cpu.losses) byStep.set(p.step, { ...(byStep.get(p.step) ?? { step: p.step }), cpu: p.loss });
    return [...byStep.values()].sort((a, b) => a.step - b.step);
  }, [result]);
  const summary = result
    ? `${raceVerdict(result.gpu.samplesPerSec, result.cpu.samplesPerSec, result.batchSize)}: ${measuredOn(result.gpu.adapter)} vs ${measuredOn(result.cpu.adapter)}.`
    : `Not raced yet: trains this model on both backends in turn, ${steps} steps or ${RACE_SECONDS} s each, from the same seed.`;
  const controls = (
    <div className="chart-controls">
      <label htmlFor={stepsId} className="small">Race steps</label>
      <input id={stepsId} type="number" min={10} max={2000} step={10} value={steps} style={{ width: 70 }}
        onChange={(e) => setSteps(Math.max(10, Math.min(2000, Math.round(Number(e.target.value)) || 10)))} />
      <button type="button" disabled={noGpu || busy !== null} aria-describedby={noGpu ? reasonId : undefined}
        onClick={() => runSpeedJob({ kind: 'race', steps, seconds: RACE_SECONDS })}>
        Race WebGPU vs CPU
      </button>
    </div>
  );
  return (
    <ChartRegion name="WebGPU vs CPU" summary={summary} controls={controls}>
      {noGpu && <p id={reasonId} className="muted small">{adapter.status === 'probing' ? 'Looking for a GPU adapter…' : `No WebGPU here: ${adapter.message || 'this browser has no GPU adapter'}.`}</p>}
      {busy === 'race' && <p className="muted small" role="status">{progress}</p>}
      {error && <p className="error small" role="alert">{error}</p>}
      {result && (
        <>
          <dl className="race-figures">
            <dt>WebGPU</dt><dd aria-label="WebGPU samples/s">{formatNumber(result.gpu.samplesPerSec)} samples/s</dd>
            <dt>CPU</dt><dd aria-label="CPU samples/s">{formatNumber(result.cpu.samplesPerSec)} samples/s</dd>
          </dl>
          <p className="small">{formatNumber(result.gpu.steps)} steps in {formatNumber(result.gpu.seconds)} s on WebGPU; {formatNumber(result.cpu.steps)} steps in {formatNumber(result.cpu.seconds)} s on the CPU.</p>
          <ResponsiveContainer width="100%" height={150}>
            <LineChart data={data} margin={{ top: 6, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid {...GRID} />
              <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} {...AXIS} />
              <YAxis width={48} {...AXIS} tickFormatter={(v: number) => formatNumber(v)} />
              <Tooltip formatter={(v) => formatNumber(Number(v))} labelFormatter={(l) => `step ${l}`} />
              <Legend iconType="plainline" wrapperStyle={{ fontSize: 12 }} />
              <Line dataKey="gpu" name="WebGPU loss" stroke={COLOURS.train} dot={false} isAnimationActive={false} connectNulls />
              <Line dataKey="cpu" name="CPU loss" stroke={COLOURS.test} dot={false} isAnimationActive={false} connectNulls strokeDasharray="4 3" />
            </LineChart>
          </ResponsiveContainer>
        </>
      )}
    </ChartRegion>
  );
}
