// `?testHooks` in the page's URL exposes `window.playgroundTest`, so browser tests can compare
// what the page shows with what the run computed (and, later, inject faults). Without the
// query nothing is exposed: ordinary pages carry no test surface.
import type { AppState, AppStore } from '../ui/store';

export interface PlaygroundTestHooks {
  /** The current run's metrics as the worker reported them (plain data, a copy). */
  run(): Pick<AppState, 'status' | 'progress' | 'evals' | 'health' | 'final'>;
  /** What the insight views were sent: classification results, lr finder, drawn probabilities. */
  insight(): Pick<AppState, 'classification' | 'lrFinder' | 'drawn'> & { histogramSnapshots: number };
}

export function installTestHooks(store: AppStore, search: string): void {
  if (!new URLSearchParams(search).has('testHooks')) return;
  const hooks: PlaygroundTestHooks = {
    run() {
      const s = store.getState();
      return structuredClone({ status: s.status, progress: s.progress, evals: s.evals, health: s.health, final: s.final });
    },
    insight() {
      const s = store.getState();
      return structuredClone({ classification: s.classification, lrFinder: s.lrFinder, drawn: s.drawn, histogramSnapshots: s.histograms.length });
    },
  };
  (window as unknown as { playgroundTest: PlaygroundTestHooks }).playgroundTest = hooks;
}
