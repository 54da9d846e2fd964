// `?testHooks` in the page's URL exposes `window.playgroundTest`, so browser tests can compare
// what the page shows with what the run computed (and, later, inject faults). Without the
// query nothing is exposed: ordinary pages carry no test surface.
import type { AppState, AppStore } from '../ui/store';
import type { WorkerBridge } from './worker-bridge';

export interface PlaygroundTestHooks {
  /** The current run's metrics as the worker reported them (plain data, a copy). */
  run(): Pick<AppState, 'status' | 'progress' | 'evals' | 'health' | 'final' | 'checkpointStep'>;
  /** Destroys the training worker's GPU device mid-run, as a lost GPU would. */
  loseDevice(): void;
}

export function installTestHooks(store: AppStore, search: string, bridge: Pick<WorkerBridge, 'loseDevice'>): void {
  if (!new URLSearchParams(search).has('testHooks')) return;
  const hooks: PlaygroundTestHooks = {
    run() {
      const s = store.getState();
      return structuredClone({ status: s.status, progress: s.progress, evals: s.evals, health: s.health, final: s.final, checkpointStep: s.checkpointStep });
    },
    loseDevice: () => bridge.loseDevice(),
  };
  (window as unknown as { playgroundTest: PlaygroundTestHooks }).playgroundTest = hooks;
}
