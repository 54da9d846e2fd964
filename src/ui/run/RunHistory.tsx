import { useApp } from '../store';

/** What happened in this run, by step: starts, pauses, live hyper-parameter changes, the end. */
export function RunHistory() {
  const history = useApp((s) => s.history);
  if (history.length === 0) return <p className="muted small">No events yet.</p>;
  return (
    <ol className="history" aria-label="Run history">
      {history.slice(-40).map((h, i) => (
        <li key={i}><span className="history-step">step {h.step}</span> {h.text}</li>
      ))}
    </ol>
  );
}
