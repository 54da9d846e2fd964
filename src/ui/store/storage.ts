import type { RunWeights, StoredCheckpoint, StoredRun } from './run-record';

// Where stored runs and uploaded CSV files live. The page plugs in IndexedDB
// (src/app/run-store.ts); tests plug in a Map. Every method may reject (private mode, quota
// full, IndexedDB missing): the history slice says so and keeps working in memory.

export interface StoredCsv {
  name: string;
  bytes: Uint8Array;
}

export interface RunStorage {
  /** Every stored run record (without weights), in any order. */
  listRuns(): Promise<StoredRun[]>;
  putRun(run: StoredRun): Promise<void>;
  /** Removes the record, its weights (and anything else stored with the run). */
  removeRun(id: string): Promise<void>;
  putWeights(id: string, weights: RunWeights): Promise<void>;
  getWeights(id: string): Promise<RunWeights | undefined>;
  /** Replaces the run's checkpoint; only the newest few runs keep theirs (older ones are dropped). */
  putCheckpoint(checkpoint: StoredCheckpoint): Promise<void>;
  /** The newest checkpoint of any run (a reloaded page offers to resume it). */
  latestCheckpoint(): Promise<StoredCheckpoint | undefined>;
  /** Forgets a run's checkpoint (it finished, or was reset to the seed). */
  removeCheckpoint(runId: string): Promise<void>;
  putCsv(hash: string, csv: StoredCsv): Promise<void>;
  getCsv(hash: string): Promise<StoredCsv | undefined>;
}

/** Runs whose latest checkpoint is kept (a checkpoint is a few times a model's weights). */
export const CHECKPOINTS_KEPT = 3;

/** Storage that keeps nothing: what the page uses until src/app plugs the real one in. */
export const noStorage: RunStorage = {
  listRuns: async () => [],
  putRun: async () => {},
  removeRun: async () => {},
  putWeights: async () => {},
  getWeights: async () => undefined,
  putCheckpoint: async () => {},
  latestCheckpoint: async () => undefined,
  removeCheckpoint: async () => {},
  putCsv: async () => {},
  getCsv: async () => undefined,
};

/** A QuotaExceededError (or a browser's older names for it). */
export function isQuotaError(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name ?? '';
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || /quota/i.test(String((e as Error)?.message ?? ''));
}
