import { useApp } from '../store';
import { ChartRegion } from '../charts/ChartRegion';
import { formatNumber } from '../format';
import { runSpeedJob } from './commands';
import { measuredOn } from './where';
import { Term } from '../Term';
import { KERNEL_SAMPLE_EVERY } from '../../worker/speed-protocol';

/** "1 submit", "0.105 readbacks" (a rate of exactly one is singular). */
const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
const pct = (share: number) => `${formatNumber(share * 100)}%`;

/**
 * GPU time per kernel family of one training step of the current model: sampled live from
 * the user's own run every few hundred steps (one step timed kernel by kernel, left out of the
 * throughput), or measured on demand ("Measure now") on a copy of the model.
 */
export function KernelTimes() {
  const result = useApp((s) => s.speedResults.kernels);
  const busy = useApp((s) => s.speedBusy);
  const progress = useApp((s) => s.speedProgress);
  const error = useApp((s) => s.speedErrors.kernels);
  const timing = result?.timing;
  const source = result?.live ? `sampled from this run at step ${formatNumber(result.live.step)}` : 'measured on a copy of the model';
  const summary = !result
    ? `Not measured yet: training samples it every ${formatNumber(KERNEL_SAMPLE_EVERY)} steps (the first soon after Train), or press "Measure now" to time one step of this model, kernel by kernel.`
    : timing
      ? `${formatNumber(timing.totalMs)} ms of GPU time per step at batch ${result.batchSize} (${formatNumber(result.msPerStep)} ms/step wall clock), ${source}, on ${measuredOn(result.adapter)}; slowest family ${timing.groups.slice().sort((a, b) => b.ms - a.ms)[0]?.group ?? '—'}.`
      : `${result.adapter.backend !== 'webgpu' ? 'The CPU backend runs no GPU kernels' : 'This adapter has no timestamp-query feature'}, so kernels cannot be timed; ${source} on ${measuredOn(result.adapter)}: ${formatNumber(result.msPerStep)} ms/step wall clock, ${formatNumber(result.dispatchesPerStep)} dispatches per step.`;
  const controls = (
    <button type="button" onClick={() => runSpeedJob({ kind: 'kernels' })} disabled={busy !== null}>
      Measure now
    </button>
  );
  return (
    <ChartRegion name="GPU time per kernel" summary={summary} controls={controls}>
      {busy === 'kernels' && <p className="muted small" role="status">{progress}</p>}
      {error && <p className="error small" role="alert">{error}</p>}
      {result && (
        <>
          {timing && (
            <div className="table-scroll"><table className="speed-table" aria-label="Kernel families">
              <thead><tr><th>Family</th><th>ms per step</th><th>Share of step</th><th>Dispatches</th></tr></thead>
              <tbody>
                {timing.groups.map((g) => (
                  <tr key={g.group}><td>{g.group}</td><td>{formatNumber(g.ms)}</td><td>{pct(g.share)}</td><td>{formatNumber(g.dispatches)}</td></tr>
                ))}
              </tbody>
            </table></div>
          )}
          {timing && (
            <div className="table-scroll"><table className="speed-table" aria-label="Slowest dispatches">
              <thead><tr><th>Slowest dispatches</th><th>ms</th><th>Share of step</th></tr></thead>
              <tbody>
                {timing.slowest.map((d) => (
                  <tr key={d.kernel}><td>{d.kernel}</td><td>{formatNumber(d.ms)}</td><td>{pct(d.share)}</td></tr>
                ))}
              </tbody>
            </table></div>
          )}
          {timing && result.msPerStep > 0 && timing.totalMs > 1.2 * result.msPerStep && (
            <p className="muted small">
              Each dispatch was timed in a pass of its own, which adds this adapter&apos;s cost of starting a pass to every
              one: the sum is more than an untimed step&apos;s wall clock, where the dispatches share one pass. The shares still
              rank the kernels.
            </p>
          )}
          <p className="small" aria-label="Per step counters">
            Per step: {formatNumber(result.dispatchesPerStep)} <Term term="dispatches">{plural(result.dispatchesPerStep, 'dispatch', 'dispatches')}</Term>, {formatNumber(result.submitsPerStep)} <Term term="submits">{plural(result.submitsPerStep, 'submit', 'submits')}</Term>, {formatNumber(result.readbacksPerStep)} <Term term="readbacks">{plural(result.readbacksPerStep, 'readback', 'readbacks')}</Term>; {formatNumber(result.msPerStep)} ms wall clock.
          </p>
        </>
      )}
    </ChartRegion>
  );
}
