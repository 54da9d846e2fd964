import { createStore, del, delMany, get, getMany, keys, set } from 'idb-keyval';
import type { UseStore } from 'idb-keyval';
import { CHECKPOINTS_KEPT, type RunStorage, type StoredCsv } from '../ui/store/storage';
import type { RunWeights, StoredCheckpoint, StoredRun } from '../ui/store/run-record';

// Stored runs and uploaded CSV files in IndexedDB, through idb-keyval (one object store,
// keys by kind: `run:<id>` the record, `weights:<id>` its final weights, `checkpoint:<id>`
// its latest checkpoint, `csv:<sha-256>` a file). Plain keys are enough: the list is read whole once per page load and the rest is
// looked up by id or hash, so `idb`'s indexes would buy nothing. The weights live apart from
// the record so listing runs does not read every weight.

const DB_NAME = 'webgpu-playground';
const STORE_NAME = 'runs';

/** What is stored per run: deleting a run deletes every kind. */
export const PER_RUN_KINDS = ['run', 'weights', 'checkpoint'] as const;

const key = (kind: string, id: string) => `${kind}:${id}`;

export function indexedDbRunStorage(store: UseStore = createStore(DB_NAME, STORE_NAME)): RunStorage {
  // Every method is async, so a synchronous throw (indexedDB missing or blocked) becomes a rejection.
  return {
    async listRuns() {
      const runKeys = (await keys(store)).filter((k): k is string => typeof k === 'string' && k.startsWith('run:'));
      return (await getMany<StoredRun>(runKeys, store)).filter((r) => r !== undefined);
    },
    async putRun(run) {
      await set(key('run', run.id), run, store);
    },
    async removeRun(id) {
      await delMany(PER_RUN_KINDS.map((kind) => key(kind, id)), store);
    },
    async putWeights(id, weights) {
      await set(key('weights', id), weights, store);
    },
    async getWeights(id) {
      return get<RunWeights>(key('weights', id), store);
    },
    async putCheckpoint(checkpoint) {
      await set(key('checkpoint', checkpoint.runId), checkpoint, store);
      // Only the newest few runs keep theirs: a checkpoint is a few times the model's weights.
      const older = (await checkpoints(store)).filter((c) => c.runId !== checkpoint.runId).sort(byNewest);
      const drop = older.slice(CHECKPOINTS_KEPT - 1).map((c) => key('checkpoint', c.runId));
      if (drop.length) await delMany(drop, store);
    },
    async latestCheckpoint() {
      return (await checkpoints(store)).sort(byNewest)[0];
    },
    async removeCheckpoint(runId) {
      await del(key('checkpoint', runId), store);
    },
    async putCsv(hash, csv) {
      await set(key('csv', hash), csv, store);
    },
    async getCsv(hash) {
      return get<StoredCsv>(key('csv', hash), store);
    },
  };
}

const byNewest = (a: StoredCheckpoint, b: StoredCheckpoint) => b.savedAt - a.savedAt;

/** Every stored checkpoint (at most CHECKPOINTS_KEPT, so reading them whole is cheap enough). */
async function checkpoints(store: UseStore): Promise<StoredCheckpoint[]> {
  const ks = (await keys(store)).filter((k): k is string => typeof k === 'string' && k.startsWith('checkpoint:'));
  return (await getMany<StoredCheckpoint>(ks, store)).filter((c) => c !== undefined);
}
