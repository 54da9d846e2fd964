import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useApp } from '../../store';
import { Panel } from '../../fields';
import { ChartRegion, AXIS, COLOURS, GRID } from '../../charts/ChartRegion';
import { formatValue } from '../../format';
import { insightCommands } from '../commands';
import { lrFinderSummary, suggestedFieldValue } from './summary';

/**
 * The learning-rate range test: from a copy of the current weights, the smoothed loss
 * against an exponentially growing learning rate, with the suggested rate (steepest fall
 * before the minimum) one click from the learning-rate field.
 */
export function LrFinder() {
  const finder = useApp((s) => s.lrFinder);
  const status = useApp((s) => s.status);
  const edit = useApp((s) => s.edit);
  const busy = finder.status === 'running';
  const r = finder.result;
  const data = finder.points.map((p) => ({ lr: p.lr, loss: p.smoothedLoss }));
  const canRun = status !== 'preparing' && status !== 'error' && !busy;
  return (
    <Panel title="Learning rate finder" className="panel-lr-finder">
      <ChartRegion
        name="Learning-rate finder"
        summary={lrFinderSummary(finder)}
        controls={(
          <div className="chart-controls">
            <button type="button" disabled={!canRun} onClick={() => insightCommands().findLr()}>{busy ? 'Finding…' : 'Find learning rate'}</button>
            <button type="button" className="primary" disabled={!r} onClick={() => r && edit((e) => ({ ...e, optimizer: { ...e.optimizer, lr: suggestedFieldValue(r.suggestedLr) } }))}>Apply suggested learning rate</button>
          </div>
        )}
      >
        {data.length > 0 ? (
          <ResponsiveContainer width="100%" height={180}>
            <LineChart data={data} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid {...GRID} />
              <XAxis dataKey="lr" type="number" scale="log" domain={['dataMin', 'dataMax']} {...AXIS} tickFormatter={(v: number) => v.toExponential(0)} />
              <YAxis domain={['auto', 'auto']} width={48} {...AXIS} tickFormatter={(v: number) => formatValue(v, 3)} allowDataOverflow />
              <Tooltip formatter={(v) => formatValue(Number(v))} labelFormatter={(l) => `lr ${Number(l).toExponential(2)}`} />
              <Line dataKey="loss" name="smoothed loss" stroke={COLOURS.train} dot={false} isAnimationActive={false} strokeWidth={1.8} />
              {r && <ReferenceLine x={r.suggestedLr} stroke={COLOURS.test} strokeDasharray="4 3" />}
            </LineChart>
          </ResponsiveContainer>
        ) : (
          <p className="muted small">Sweeps the learning rate from 1e-7 to 10 over up to 100 steps from a copy of the current weights, then puts them back.</p>
        )}
        {r && (
          <dl className="lr-facts">
            <div><dt>Suggested</dt><dd data-testid="suggested-lr" data-value={r.suggestedLr}>{r.suggestedLr.toExponential(2)}</dd></div>
            <div><dt>Swept</dt><dd data-testid="swept-range" data-min={r.minLr} data-max={r.maxLr}>{r.minLr.toExponential(0)} to {r.maxLr.toExponential(0)}</dd></div>
          </dl>
        )}
      </ChartRegion>
    </Panel>
  );
}
