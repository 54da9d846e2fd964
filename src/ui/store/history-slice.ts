import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './index';
import { MAX_COMPARED } from './compare';
import type { RunWeights, StoredRun } from './run-record';
import { withCurve } from './robustness-record';
import type { RobustnessCurve } from './robustness-record';
import { isQuotaError, noStorage } from './storage';
import type { RunStorage } from './storage';

// "Run history": every run that ended (finished, stopped, diverged), kept in the browser's
// storage so it survives a reload. The list in memory is the truth the page shows; storage
// follows it. When storage fails the page says so and keeps the runs in memory.

/** How many of the oldest runs "Delete the oldest runs" removes at once. */
export const OLDEST_BATCH = 3;

export interface StorageProblem {
  /** The storage is full (quota), rather than unavailable. */
  full: boolean;
  message: string;
}

export interface DeletedRun {
  run: StoredRun;
  weights: RunWeights | undefined;
  /** Where it stood in the list, so Undo puts it back there. */
  index: number;
}

export interface HistorySlice {
  /** Stored runs, newest first. */
  storedRuns: StoredRun[];
  /** Ids of the runs drawn over the charts and listed in "Compared runs", oldest first. */
  compareIds: string[];
  historyLoaded: boolean;
  storageProblem: StorageProblem | null;
  /** The run deleted last, until Undo or until the message goes. */
  deleted: DeletedRun | null;
  /** Ids whose record could not be written; retried after space is made. */
  unsaved: string[];
  /** Bumped when a CSV came back from storage, so views that read csvFiles look again. */
  csvRestored: number;
  /** Changes not yet written to storage (a run waiting for its weights counts): the list says
   * "saving" (aria-busy) until they are, since leaving the page earlier can lose them. */
  pendingWrites: number;
  loadHistory(): Promise<void>;
  /** Stores a run that ended; `weights` arrive later (the worker sends them). */
  recordRun(run: StoredRun, weights?: Promise<RunWeights | null>, compare?: boolean): Promise<void>;
  renameRun(id: string, name: string): Promise<void>;
  /** Keeps a robustness curve with a stored run (replacing its earlier one of that method). */
  setRunRobustness(id: string, curve: RobustnessCurve): Promise<void>;
  deleteRun(id: string): Promise<void>;
  undoDelete(): Promise<void>;
  forgetDeleted(): void;
  toggleCompare(id: string): void;
  deleteOldestRuns(count?: number): Promise<void>;
  runWeights(id: string): Promise<RunWeights | undefined>;
  /** A run from a run file: stored (unless it is here already) and compared. */
  importRun(run: StoredRun, weights: RunWeights | null): Promise<void>;
  dismissStorageProblem(): void;
  noteCsvRestored(): void;
}

let storage: RunStorage = noStorage;
/** src/app plugs in IndexedDB; tests plug in a fake. */
export function setRunStorage(s: RunStorage): void {
  storage = s;
}
export function runStorage(): RunStorage {
  return storage;
}

const byNewest = (a: StoredRun, b: StoredRun) => b.endedAt - a.endedAt || b.number - a.number;

/** The next run's number: one more than any stored (numbers are never reused while a run has them). */
export function nextRunNumber(runs: readonly StoredRun[]): number {
  return runs.reduce((n, r) => Math.max(n, r.number), 0) + 1;
}

function problemOf(e: unknown, doing: string): StorageProblem {
  if (isQuotaError(e)) {
    return { full: true, message: `The browser's storage is full, so ${doing} could not be saved. Delete old runs to make room; until then new runs stay only until you leave the page.` };
  }
  const why = e instanceof Error && e.message ? ` (${e.message})` : '';
  return { full: false, message: `Run history cannot be saved in this browser${why}: runs stay only until you leave the page. Training works as usual.` };
}

export const createHistorySlice: StateCreator<AppState, [], [], HistorySlice> = (set, get) => {
  /** Runs a storage call; a failure becomes the page's storage message instead of an exception. */
  const guard = async <T>(work: () => Promise<T>, doing: string): Promise<T | undefined> => {
    try {
      return await work();
    } catch (e) {
      set({ storageProblem: problemOf(e, doing) });
      return undefined;
    }
  };
  const replace = (run: StoredRun) => set({ storedRuns: get().storedRuns.map((r) => (r.id === run.id ? run : r)) });
  const saveRecord = async (run: StoredRun) => {
    const ok = await guard(async () => { await storage.putRun(run); return true; }, `"${run.name}"`);
    const unsaved = get().unsaved.filter((id) => id !== run.id);
    set({ unsaved: ok ? unsaved : [...unsaved, run.id] });
    return ok === true;
  };

  /** Counts `work` in pendingWrites while it runs. */
  const tracked = <A extends unknown[]>(work: (...args: A) => Promise<void>) => async (...args: A): Promise<void> => {
    set({ pendingWrites: get().pendingWrites + 1 });
    try {
      await work(...args);
    } finally {
      set({ pendingWrites: get().pendingWrites - 1 });
    }
  };

  return {
    storedRuns: [],
    compareIds: [],
    historyLoaded: false,
    storageProblem: null,
    deleted: null,
    unsaved: [],
    csvRestored: 0,
    pendingWrites: 0,
    async loadHistory() {
      const stored = await guard(() => storage.listRuns(), 'the run history');
      // Runs recorded while the list was loading stay; a stored copy of one does not double it.
      const mine = get().storedRuns;
      const ids = new Set(mine.map((r) => r.id));
      const all = [...mine, ...(stored ?? []).filter((r) => r && r.format === 1 && !ids.has(r.id))].sort(byNewest);
      set({ storedRuns: all, historyLoaded: true });
    },
    recordRun: tracked(async (run: StoredRun, weights?: Promise<RunWeights | null>, compare = true) => {
      const exists = get().storedRuns.some((r) => r.id === run.id);
      set({
        storedRuns: exists ? get().storedRuns.map((r) => (r.id === run.id ? run : r)) : [run, ...get().storedRuns].sort(byNewest),
        compareIds: compare && !get().compareIds.includes(run.id) ? [...get().compareIds, run.id].slice(-MAX_COMPARED) : get().compareIds,
      });
      const saved = await saveRecord(run);
      const w = await weights?.catch(() => null);
      if (!w || !get().storedRuns.some((r) => r.id === run.id)) return;
      if (!saved) return; // weights without their record would be orphans
      const ok = await guard(async () => { await storage.putWeights(run.id, w); return true; }, `the weights of "${run.name}"`);
      const current = get().storedRuns.find((r) => r.id === run.id);
      if (ok && current) {
        const updated = { ...current, hasWeights: true };
        replace(updated);
        await saveRecord(updated);
      }
    }),
    renameRun: tracked(async (id: string, name: string) => {
      const run = get().storedRuns.find((r) => r.id === id);
      const clean = name.trim().slice(0, 200);
      if (!run || !clean || clean === run.name) return;
      const renamed = { ...run, name: clean };
      replace(renamed);
      await saveRecord(renamed);
    }),
    setRunRobustness: tracked(async (id: string, curve: RobustnessCurve) => {
      const run = get().storedRuns.find((r) => r.id === id);
      if (!run) return;
      const updated = { ...run, robustness: withCurve(run.robustness, curve) };
      replace(updated);
      await saveRecord(updated);
    }),
    deleteRun: tracked(async (id: string) => {
      const index = get().storedRuns.findIndex((r) => r.id === id);
      if (index < 0) return;
      const run = get().storedRuns[index];
      set({
        storedRuns: get().storedRuns.filter((r) => r.id !== id),
        compareIds: get().compareIds.filter((c) => c !== id),
        unsaved: get().unsaved.filter((u) => u !== id),
        deleted: { run, weights: undefined, index },
        // currentRunId stays: the run in the charts was stored (and deleted); it is not stored again.
      });
      // Keep the weights in memory for Undo and remove everything stored with the run. Both
      // start now: IndexedDB runs transactions in the order they were made, so the read still
      // sees the weights, and the removal is not held back behind it (a reload right after
      // the click must not bring the run back).
      const reading = run.hasWeights ? guard(() => storage.getWeights(id), 'the run') : Promise.resolve(undefined);
      const removing = guard(() => storage.removeRun(id), 'the change');
      const weights = await reading;
      if (get().deleted?.run.id === id) set({ deleted: { run, weights, index } });
      await removing;
    }),
    undoDelete: tracked(async () => {
      const d = get().deleted;
      if (!d) return;
      if (get().storedRuns.some((r) => r.id === d.run.id)) { set({ deleted: null }); return; } // back already (a run file)
      const list = [...get().storedRuns];
      list.splice(Math.min(d.index, list.length), 0, d.run);
      set({ storedRuns: list, deleted: null });
      const saved = await saveRecord(d.run);
      if (saved && d.weights) await guard(() => storage.putWeights(d.run.id, d.weights!), `the weights of "${d.run.name}"`);
    }),
    forgetDeleted() {
      set({ deleted: null });
    },
    toggleCompare(id) {
      const ids = get().compareIds;
      set({ compareIds: ids.includes(id) ? ids.filter((c) => c !== id) : [...ids, id].slice(-MAX_COMPARED) });
    },
    deleteOldestRuns: tracked(async (count: number = OLDEST_BATCH) => {
      const oldest = [...get().storedRuns].sort(byNewest).slice(-count);
      const gone = new Set(oldest.map((r) => r.id));
      set({
        storedRuns: get().storedRuns.filter((r) => !gone.has(r.id)),
        compareIds: get().compareIds.filter((c) => !gone.has(c)),
        unsaved: get().unsaved.filter((u) => !gone.has(u)),
        storageProblem: null,
      });
      for (const r of oldest) await guard(() => storage.removeRun(r.id), 'the change');
      // Space was made: write what could not be written before.
      for (const id of get().unsaved) {
        const run = get().storedRuns.find((r) => r.id === id);
        if (run) await saveRecord(run);
      }
    }),
    async runWeights(id) {
      return guard(() => storage.getWeights(id), 'the run');
    },
    importRun: tracked(async (run: StoredRun, weights: RunWeights | null) => {
      if (get().deleted?.run.id === run.id) set({ deleted: null });
      if (get().storedRuns.some((r) => r.id === run.id)) {
        if (!get().compareIds.includes(run.id)) get().toggleCompare(run.id);
        return;
      }
      await get().recordRun({ ...run, hasWeights: false }, weights ? Promise.resolve(weights) : undefined);
    }),
    dismissStorageProblem() {
      set({ storageProblem: null });
    },
    noteCsvRestored() {
      set({ csvRestored: get().csvRestored + 1 });
    },
  };
};
