import { useApp } from '../store';

/** What happened in this run, by step: starts, pauses, live hyper-parameter changes, the end. */
export function RunEvents() {
  const events = useApp((s) => s.events);
  if (events.length === 0) return <p className="muted small">No events yet.</p>;
  return (
    <ol className="history" aria-label="Run events">
      {events.slice(-40).map((h, i) => (
        <li key={i}><span className="history-step">step {h.step}</span> {h.text}</li>
      ))}
    </ol>
  );
}
