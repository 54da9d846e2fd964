// `?testHooks` in the page's URL exposes `window.playgroundTest`, so browser tests can compare
// what the page shows with what the run computed (and, later, inject faults). Without the
// query nothing is exposed: ordinary pages carry no test surface.
import type { AppState, AppStore } from '../ui/store';

export interface PlaygroundTestHooks {
  /** The current run's metrics as the worker reported them (plain data, a copy). */
  run(): Pick<AppState, 'status' | 'progress' | 'evals' | 'health' | 'final'>;
}

export function installTestHooks(store: AppStore, search: string): void {
  if (!new URLSearchParams(search).has('testHooks')) return;
  const hooks: PlaygroundTestHooks = {
    run() {
      const s = store.getState();
      return structuredClone({ status: s.status, progress: s.progress, evals: s.evals, health: s.health, final: s.final });
    },
  };
  (window as unknown as { playgroundTest: PlaygroundTestHooks }).playgroundTest = hooks;
}
