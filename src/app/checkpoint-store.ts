// The page's checkpoints in IndexedDB: per run only its latest (each put replaces the run's
// record), and only the few newest runs (older ones are deleted on put), so storage stays
// bounded. A record holds what a closed tab needs to resume: the run's experiment, the
// training state, and the charts' points up to the checkpoint. Kept in its own database and
// module so that the run history's stored-run record can reference a run's checkpoint by
// its `runId` later.
import type { Experiment } from '../spec';
import type { TrainingCheckpoint } from '../worker/protocol';
import type { EvalPoint, ProgressPoint } from '../ui/store/run-slice';

export interface CheckpointRecord {
  runId: string;
  /** Date.now() of the put: the newest record is the one a reloaded page offers. */
  savedAt: number;
  /** The run's experiment, live changes included. */
  experiment: Experiment;
  step: number;
  checkpoint: TrainingCheckpoint;
  progress: ProgressPoint[];
  evals: EvalPoint[];
}

const DB_NAME = 'webgpu-playground-checkpoints';
const STORE = 'checkpoints';
/** Runs whose latest checkpoint is kept. */
export const MAX_RUNS_KEPT = 3;

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'runId' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB refused to open.'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('An IndexedDB write failed.'));
    tx.onabort = () => reject(tx.error ?? new Error('An IndexedDB write was aborted.'));
  });
}

function all(db: IDBDatabase): Promise<CheckpointRecord[]> {
  return new Promise((resolve, reject) => {
    const request = db.transaction(STORE).objectStore(STORE).getAll();
    request.onsuccess = () => resolve(request.result as CheckpointRecord[]);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be read.'));
  });
}

/** Replaces the run's checkpoint and drops the runs beyond the newest MAX_RUNS_KEPT. */
export async function putCheckpoint(record: CheckpointRecord): Promise<void> {
  const db = await open();
  try {
    // Only the keys and dates are needed to choose what to drop, but getAll is simplest and
    // reads at most MAX_RUNS_KEPT records.
    const older = (await all(db)).filter((r) => r.runId !== record.runId).sort((a, b) => b.savedAt - a.savedAt);
    const tx = db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    store.put(record);
    for (const r of older.slice(MAX_RUNS_KEPT - 1)) store.delete(r.runId);
    await done(tx);
  } finally {
    db.close();
  }
}

/** The newest checkpoint of any run, or null. */
export async function latestCheckpoint(): Promise<CheckpointRecord | null> {
  const db = await open();
  try {
    return (await all(db)).sort((a, b) => b.savedAt - a.savedAt)[0] ?? null;
  } finally {
    db.close();
  }
}

/** Forgets a run's checkpoint (Reset: the run starts over from the seed). */
export async function deleteCheckpoint(runId: string): Promise<void> {
  const db = await open();
  try {
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).delete(runId);
    await done(tx);
  } finally {
    db.close();
  }
}
