import { useMemo, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useApp } from '../../store';
import { ChartRegion, AXIS, COLOURS, GRID } from '../../charts/ChartRegion';
import { useShownRuns } from '../../charts/kept-runs';
import { runColour } from '../../store/compare';
import { curveFor, readCurves } from '../../store/robustness-record';
import { attackCommands } from './commands';
import { AttackSettings, useAttackSettings } from './AttackSettings';
import { chartRows, percent, robustnessRows, robustnessSummary } from './robustness-view';
import type { ComparedCurve } from './robustness-view';

/** The ε of the curve: pixels for images, normalised features otherwise. */
export const ROBUSTNESS_EPSILONS = { image: [0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3], features: [0, 0.1, 0.2, 0.3, 0.5, 0.75, 1] } as const;

/**
 * Test accuracy under attack as ε grows, for the model at its current weights, with the
 * curves of the compared runs of "Run history" measured with the same attack drawn over it:
 * a chart and a table with one row per ε and one column per run.
 */
export function Robustness({ kind }: { kind: keyof typeof ROBUSTNESS_EPSILONS }) {
  const status = useApp((s) => s.status);
  const runId = useApp((s) => s.runId);
  const measured = useApp((s) => s.measured);
  const noteRobustness = useApp((s) => s.noteRobustness);
  const settings = useAttackSettings(kind);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const canRun = status !== 'preparing' && status !== 'error' && !busy;
  const run = async () => {
    setBusy(true);
    const answer = await attackCommands().robustness(settings.method, [...ROBUSTNESS_EPSILONS[kind]]);
    setBusy(false);
    if (answer.ok) { noteRobustness(answer.value); setMessage(null); } else setMessage(answer.message);
  };
  const method = settings.method;
  const current = measured?.runId === runId ? measured.curves.find((c) => c.method === method) : undefined;
  const shown = useShownRuns();
  const compared: (ComparedCurve & { number: number })[] = useMemo(() => shown.filter((r) => r.id !== runId).map((r) => ({
    id: r.id, name: r.name, number: r.number, curve: curveFor(r, method), measuredWith: (readCurves(r.robustness) ?? []).map((c) => c.method),
  })), [shown, runId, method]);
  const overlays = compared.filter((c) => c.curve !== undefined);
  const rows = robustnessRows(current, overlays.map((o) => o.curve!));
  const summary = robustnessSummary(method, current, compared, ROBUSTNESS_EPSILONS[kind]);
  return (
    <ChartRegion
      name="Robustness"
      className="chart-robustness"
      summary={summary}
      controls={(
        <div className="chart-controls">
          <AttackSettings {...settings} withEpsilon={false} />
          <button type="button" disabled={!canRun} onClick={() => void run()}>{busy ? 'Measuring…' : 'Measure robustness'}</button>
        </div>
      )}
    >
      {message && <p className="error small" role="alert">{message}</p>}
      {rows.length > 0 && (
        <>
          <ResponsiveContainer width="100%" height={180}>
            <LineChart data={chartRows(rows)} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid {...GRID} />
              <XAxis dataKey="epsilon" type="number" domain={[0, 'dataMax']} {...AXIS} />
              <YAxis domain={[0, 100]} width={40} {...AXIS} unit="%" />
              <Tooltip formatter={(v) => `${Number(v).toFixed(1)}%`} labelFormatter={(l) => `ε ${l}`} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {overlays.map((o, i) => (
                <Line key={o.id} dataKey={`run${i}`} name={o.name} stroke={runColour(o.number)} strokeWidth={1.4} strokeDasharray="4 3"
                  connectNulls isAnimationActive={false} className="robustness-run-line" />
              ))}
              {current && <Line dataKey="current" name="current model" stroke={COLOURS.test} connectNulls isAnimationActive={false} strokeWidth={1.8} />}
            </LineChart>
          </ResponsiveContainer>
          <div className="table-scroll">
            <table className="robustness-table" aria-label="Accuracy under attack">
              <thead>
                <tr>
                  <th scope="col">ε</th>
                  {current && <><th scope="col">clean</th><th scope="col">under {method.toUpperCase()}</th></>}
                  {overlays.map((o) => <th key={o.id} scope="col" data-run-id={o.id}>{o.name}</th>)}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.epsilon} data-epsilon={r.epsilon} data-robust={r.current}>
                    <td>{r.epsilon}</td>
                    {current && <><td>{cell(r.clean)}</td><td>{cell(r.current)}</td></>}
                    {r.runs.map((v, i) => <td key={overlays[i].id}>{cell(v)}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </ChartRegion>
  );
}

const cell = (v: number | undefined) => (v === undefined ? '—' : percent(v));
