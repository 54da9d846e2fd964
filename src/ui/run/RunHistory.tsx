import { useEffect, useId } from 'react';
import { useApp } from '../store';
import { OLDEST_BATCH } from '../store/history-slice';
import { RunHistoryItem } from './RunHistoryItem';

/** How long "Undo" stays after a run is deleted. */
const UNDO_MS = 10_000;

/** "Run history": every stored run, newest first, with compare, open, rename, delete and downloads. */
export function RunHistory() {
  const runs = useApp((s) => s.storedRuns);
  const loaded = useApp((s) => s.historyLoaded);
  const saving = useApp((s) => s.pendingWrites > 0);
  const headId = useId();
  return (
    // aria-busy while a change is not yet in storage: leaving the page then could lose it.
    <section className="run-history" aria-labelledby={headId} aria-busy={saving}>
      <h3 id={headId} className="sub">Run history{saving && <span className="muted small saving"> · saving…</span>}</h3>
      <StorageNotice />
      <UndoDelete />
      {runs.length === 0
        ? <p className="muted small">{loaded ? 'No stored runs yet: every run you train is kept here, also after a reload.' : 'Loading stored runs…'}</p>
        : (
          <ul className="run-history-list" aria-label="Run history">
            {runs.map((r) => <RunHistoryItem key={r.id} run={r} />)}
          </ul>
        )}
    </section>
  );
}

/** Storage full or unavailable: said in words; when full, the oldest runs can go. */
function StorageNotice() {
  const problem = useApp((s) => s.storageProblem);
  const count = useApp((s) => s.storedRuns.length);
  const deleteOldest = useApp((s) => s.deleteOldestRuns);
  const dismiss = useApp((s) => s.dismissStorageProblem);
  if (!problem) return null;
  const n = Math.min(OLDEST_BATCH, count);
  return (
    <div className="alert alert-warning small" role="alert">
      <div className="alert-body">{problem.message}</div>
      {problem.full && n > 0 && (
        <button type="button" className="small" onClick={() => void deleteOldest(n)}>
          Delete the {n === 1 ? 'oldest run' : `${n} oldest runs`}
        </button>
      )}
      <button type="button" className="icon" aria-label="Dismiss the storage message" onClick={dismiss}>✕</button>
    </div>
  );
}

function UndoDelete() {
  const deleted = useApp((s) => s.deleted);
  const undo = useApp((s) => s.undoDelete);
  const forget = useApp((s) => s.forgetDeleted);
  useEffect(() => {
    if (!deleted) return;
    const t = setTimeout(forget, UNDO_MS);
    return () => clearTimeout(t);
  }, [deleted, forget]);
  return (
    <div role="status" className="run-history-status small">
      {deleted && (
        <>
          Deleted {deleted.run.name}.{' '}
          <button type="button" className="small" onClick={() => void undo()}>Undo</button>
        </>
      )}
    </div>
  );
}
