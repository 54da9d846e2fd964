import { useApp } from '../store';

/** What the page changed in the model when the person chose another dataset, with Undo. */
export function AdaptedNotice() {
  const adapted = useApp((s) => s.adapted);
  const undo = useApp((s) => s.undoAdapt);
  if (!adapted) return null;
  return (
    <div className="adapted-notice" role="status" aria-label="Model adapted">
      <p><strong>Model adapted to {adapted.title}:</strong></p>
      <ul>{adapted.changes.map((c) => <li key={c}>{c}</li>)}</ul>
      <button type="button" onClick={undo}>Undo: model adapted to {adapted.title}</button>
    </div>
  );
}
