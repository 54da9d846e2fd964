import { useMemo } from 'react';
import { useApp } from '../store';
import { differingSettings } from '../store/compare';
import { chartColour } from '../charts/kept-runs';
import type { StoredRun } from '../store/run-record';
import { formatPercent, formatValue } from '../format';

/** The compared runs side by side: the settings in which they differ, beside their final metrics. */
export function ComparedRuns() {
  const storedRuns = useApp((s) => s.storedRuns);
  const compareIds = useApp((s) => s.compareIds);
  const currentRunId = useApp((s) => s.currentRunId);
  const runs = useMemo(() => compareIds.map((id) => storedRuns.find((r) => r.id === id)).filter((r): r is StoredRun => r !== undefined), [storedRuns, compareIds]);
  const settings = useMemo(() => differingSettings(runs.map((r) => r.experiment)), [runs]);
  if (runs.length === 0) return null;
  const regression = runs.some((r) => r.final.testMse !== undefined);
  const classification = runs.some((r) => r.final.testAccuracy !== undefined);
  return (
    <div className="compare">
      <div className="compare-table-wrap">
        <table className="compare-table" aria-label="Compared runs">
          <caption className="small">
            Compared runs{runs.length > 1 && settings.length === 0 ? ': the same settings' : settings.length ? ': the settings in which they differ, then how they ended' : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">run</th>
              {settings.map((s) => <th key={s.path} scope="col" title={s.path}>{s.name}</th>)}
              <th scope="col">steps</th>
              <th scope="col">test loss</th>
              {classification && <th scope="col">accuracy</th>}
              {regression && <th scope="col">MSE</th>}
              <th scope="col">status</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r, i) => (
              <tr key={r.id} data-run-id={r.id}>
                <th scope="row">
                  <span className="compare-swatch" style={{ background: chartColour(r, currentRunId) }} aria-hidden="true" /> {r.name}
                </th>
                {settings.map((s) => <td key={s.path}>{s.values[i]}</td>)}
                <td>{r.final.steps}</td>
                <td>{formatValue(r.final.testLoss)}</td>
                {classification && <td>{formatPercent(r.final.testAccuracy)}</td>}
                {regression && <td>{formatValue(r.final.testMse)}</td>}
                <td>{r.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
