import { useId } from 'react';
import { useApp } from '../store';
import { runColour } from '../store/compare';
import type { KeptRun } from '../store/compare';
import { formatPercent, formatValue } from '../format';

/** Kept runs with their final test metrics; each can be shown or hidden in the charts. */
export function CompareRuns() {
  const runs = useApp((s) => s.runs);
  const clearRuns = useApp((s) => s.clearRuns);
  const headId = useId();
  if (runs.length === 0) return null;
  return (
    <section className="compare" role="region" aria-labelledby={headId}>
      <header className="compare-head">
        <h3 id={headId}>Compare runs</h3>
        <button type="button" className="small" onClick={clearRuns}>Clear</button>
      </header>
      <ul className="compare-list" aria-label="Kept runs">
        {runs.map((r) => <KeptRunRow key={r.id} run={r} />)}
      </ul>
    </section>
  );
}

function KeptRunRow({ run }: { run: KeptRun }) {
  const toggleRun = useApp((s) => s.toggleRun);
  const current = useApp((s) => s.currentRunId === run.id);
  const id = useId();
  const f = run.final;
  const metric = f.testAccuracy !== undefined ? `accuracy ${formatPercent(f.testAccuracy)}`
    : f.testMse !== undefined ? `MSE ${formatValue(f.testMse)}` : '';
  return (
    <li className="compare-row" data-run-id={run.id}>
      <input id={id} type="checkbox" checked={!run.hidden} onChange={() => toggleRun(run.id)} aria-label={`Show ${run.label}`} />
      <span className="compare-swatch" style={{ background: current ? 'var(--text-3)' : runColour(run.id) }} aria-hidden="true" />
      <label htmlFor={id} className="compare-label">{run.label}{current && <span className="muted"> (this run)</span>}</label>
      <span className="compare-final">
        step {f.steps} · test loss {formatValue(f.testLoss)}{metric && ` · ${metric}`}
      </span>
    </li>
  );
}
