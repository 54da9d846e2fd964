import { useId, useMemo, useState } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useApp } from '../store';
import { validateContext } from '../store';
import { AXIS, ChartRegion, COLOURS, GRID } from '../charts/ChartRegion';
import { formatNumber } from '../format';
import { runSpeedJob } from './commands';
import { measuredOn } from './where';
import { batchRange, SWEEP_BATCHES as POWERS } from './wording';

/** Samples/s and ms/step of the current model at each power-of-two batch size. */
export function BatchSweep() {
  const result = useApp((s) => s.speedResults.sweep);
  const busy = useApp((s) => s.speedBusy);
  const progress = useApp((s) => s.speedProgress);
  const error = useApp((s) => s.speedErrors.sweep);
  const [from, setFrom] = useState(1);
  const [to, setTo] = useState(1024);
  const fromId = useId();
  const toId = useId();
  const data = useMemo(() => (result?.rows ?? []).filter((r) => r.samplesPerSec !== null).map((r) => ({ batch: r.batch, sps: r.samplesPerSec })), [result]);
  const best = result?.rows.filter((r) => r.samplesPerSec !== null).sort((a, b) => b.samplesPerSec! - a.samplesPerSec!)[0];
  const summary = result
    ? best
      ? `Fastest at batch ${best.batch}: ${formatNumber(best.samplesPerSec)} samples/s (${formatNumber(best.msPerStep)} ms/step), on ${measuredOn(result.adapter)}.`
      : `No batch could be timed on ${measuredOn(result.adapter)}.`
    : 'Not run yet: times this model at batch sizes from 1 to 1024, each checked against the CPU first.';
  const select = (id: string, value: number, set: (v: number) => void) => (
    <select id={id} value={value} onChange={(e) => set(Number(e.target.value))}>
      {POWERS.map((b) => <option key={b} value={b}>{b}</option>)}
    </select>
  );
  const controls = (
    <div className="chart-controls">
      <label htmlFor={fromId} className="small">From batch</label>{select(fromId, from, setFrom)}
      <label htmlFor={toId} className="small">to</label>{select(toId, to, setTo)}
      <button type="button" disabled={busy !== null}
        onClick={() => runSpeedJob({ kind: 'sweep', batches: batchRange(from, to), budgetBytes: validateContext.memoryBudget })}>
        Run batch size sweep
      </button>
    </div>
  );
  return (
    <ChartRegion name="Batch size sweep" summary={summary} controls={controls}>
      {busy === 'sweep' && <p className="muted small" role="status">{progress}</p>}
      {error && <p className="error small" role="alert">{error}</p>}
      {result && (
        <>
          <div className="table-scroll"><table className="speed-table" aria-label="Batch sizes">
            <thead><tr><th>Batch</th><th>samples/s</th><th>ms/step</th><th>First-step loss (CPU)</th></tr></thead>
            <tbody>
              {result.rows.map((r) => (
                <tr key={r.batch} data-batch={r.batch}>
                  <td>{r.batch}</td>
                  <td className="sps">{r.samplesPerSec === null ? (r.skipped ?? '—') : formatNumber(r.samplesPerSec)}</td>
                  <td>{formatNumber(r.msPerStep)}</td>
                  <td>{r.firstLoss === null ? '—' : `${formatNumber(r.firstLoss)} (${formatNumber(r.cpuFirstLoss)})`}</td>
                </tr>
              ))}
            </tbody>
          </table></div>
          <ResponsiveContainer width="100%" height={150}>
            <LineChart data={data} margin={{ top: 6, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid {...GRID} />
              <XAxis dataKey="batch" type="number" scale="log" domain={['dataMin', 'dataMax']} ticks={data.map((d) => d.batch)} {...AXIS} />
              <YAxis width={56} {...AXIS} tickFormatter={(v: number) => formatNumber(v)} />
              <Tooltip formatter={(v) => `${formatNumber(Number(v))} samples/s`} labelFormatter={(l) => `batch ${l}`} />
              <Line dataKey="sps" name="samples/s" stroke={COLOURS.train} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </>
      )}
    </ChartRegion>
  );
}
