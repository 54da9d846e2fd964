import type { Experiment } from '../spec';
import type { FromWorker, TrainingCheckpoint } from '../worker/protocol';
import type { AppStore } from '../ui/store';
import { runStorage } from '../ui/store/history-slice';
import type { RunWeights, StoredCheckpoint } from '../ui/store/run-record';

// The page's side of checkpoints: each checkpoint the worker sends is kept with its run in
// the run history's storage (key `checkpoint:<runId>`, src/app/run-store.ts; deleting the
// run deletes it), so that a closed tab can resume; a reloaded page offers the newest one
// when the link opens the same model.

/** What the trainable state depends on: equal keys mean a checkpoint of one fits the other. */
export function modelKey(e: Experiment): string {
  return JSON.stringify({ seed: e.seed, data: e.data, model: e.model, loss: e.loss, backend: e.backend });
}

/** Keeps the worker's checkpoint with the run in the charts, with its points up to the checkpoint's step. */
export function keepCheckpoint(store: AppStore, m: Extract<FromWorker, { type: 'checkpoint' }>): void {
  const s = store.getState();
  const record: StoredCheckpoint = {
    runId: s.runId, savedAt: Date.now(), experiment: s.runExperiment ?? s.experiment, step: m.step, checkpoint: m.checkpoint,
    progress: s.progress.filter((p) => p.step <= m.step), evals: s.evals.filter((p) => p.step <= m.step),
  };
  runStorage().putCheckpoint(record).catch((e: unknown) => console.warn(`The checkpoint could not be kept in this browser: ${String(e)}`));
}

/** Forgets a run's checkpoint (it finished, or was reset to the seed: nothing to resume). */
export function forgetCheckpoint(runId: string): void {
  runStorage().removeCheckpoint(runId).catch(() => {});
}

/**
 * After a reload: the newest stored checkpoint, if the page opened the same model and nothing
 * has trained yet, once the run history is loaded (so the page knows whether the run is in it).
 */
export async function storedCheckpointToOffer(store: AppStore): Promise<StoredCheckpoint | null> {
  const record = await runStorage().latestCheckpoint();
  if (!record) return null;
  await new Promise<void>((resolve) => {
    if (store.getState().historyLoaded) return resolve();
    const stop = store.subscribe((s) => { if (s.historyLoaded) { stop(); resolve(); } });
  });
  const s = store.getState();
  if (modelKey(record.experiment) !== modelKey(s.experiment) || s.progress.length > 0 || s.status === 'training') return null;
  return record;
}

/** A checkpoint's weights as the worker's `weights` answer lays them out: parameters, then layer state. */
export function weightsOf(c: TrainingCheckpoint): RunWeights {
  return [
    ...c.params.map((data, i) => ({ name: c.paramNames[i], shape: c.paramShapes[i], data })),
    ...c.running.map((data, i) => ({ name: c.runningNames[i], shape: c.runningShapes[i], data })),
  ];
}
