import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useApp } from '../../store';
import { ChartRegion, AXIS, COLOURS, GRID } from '../../charts/ChartRegion';
import type { RobustAccuracy } from '../../../worker/attack-protocol';
import { attackCommands } from './commands';
import { AttackSettings, useAttackSettings } from './AttackSettings';

/** The ε of the curve: pixels for images, normalised features otherwise. */
export const ROBUSTNESS_EPSILONS = { image: [0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3], features: [0, 0.1, 0.2, 0.3, 0.5, 0.75, 1] } as const;

/**
 * Test accuracy under attack as ε grows, for the model at its current weights: a curve and
 * a table with one row per ε.
 */
export function Robustness({ kind }: { kind: keyof typeof ROBUSTNESS_EPSILONS }) {
  const status = useApp((s) => s.status);
  const settings = useAttackSettings(kind);
  const [busy, setBusy] = useState(false);
  const [rows, setRows] = useState<RobustAccuracy[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const canRun = status !== 'preparing' && status !== 'error' && !busy;
  const run = async () => {
    setBusy(true);
    const answer = await attackCommands().robustness(settings.method, [...ROBUSTNESS_EPSILONS[kind]]);
    setBusy(false);
    if (answer.ok) { setRows(answer.value); setMessage(null); } else setMessage(answer.message);
  };
  const last = rows?.at(-1);
  const summary = rows && last
    ? `${last.attack.toUpperCase()}: ${pct(rows[0].cleanAccuracy)} clean; ${pct(last.robustAccuracy)} at ε = ${last.epsilon}.`
    : `Measures test accuracy under attack at ε = ${ROBUSTNESS_EPSILONS[kind].join(', ')}.`;
  return (
    <ChartRegion
      name="Robustness"
      summary={summary}
      controls={(
        <div className="chart-controls">
          <AttackSettings {...settings} withEpsilon={false} />
          <button type="button" disabled={!canRun} onClick={() => void run()}>{busy ? 'Measuring…' : 'Measure robustness'}</button>
        </div>
      )}
    >
      {message && <p className="error small" role="alert">{message}</p>}
      {rows && (
        <>
          <ResponsiveContainer width="100%" height={180}>
            <LineChart data={rows.map((r) => ({ epsilon: r.epsilon, accuracy: 100 * r.robustAccuracy }))} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid {...GRID} />
              <XAxis dataKey="epsilon" type="number" domain={[0, 'dataMax']} {...AXIS} />
              <YAxis domain={[0, 100]} width={40} {...AXIS} unit="%" />
              <Tooltip formatter={(v) => `${Number(v).toFixed(1)}%`} labelFormatter={(l) => `ε ${l}`} />
              <Legend />
              <Line dataKey="accuracy" name="current model" stroke={COLOURS.test} isAnimationActive={false} strokeWidth={1.8} />
            </LineChart>
          </ResponsiveContainer>
          <table className="robustness-table" aria-label="Accuracy under attack">
            <thead><tr><th scope="col">ε</th><th scope="col">clean</th><th scope="col">under {rows[0].attack.toUpperCase()}</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.epsilon} data-epsilon={r.epsilon} data-robust={r.robustAccuracy}>
                  <td>{r.epsilon}</td><td>{pct(r.cleanAccuracy)}</td><td>{pct(r.robustAccuracy)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </ChartRegion>
  );
}

const pct = (p: number) => `${(100 * p).toFixed(1)}%`;
