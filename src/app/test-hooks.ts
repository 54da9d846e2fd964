// `?testHooks` in the page's URL exposes `window.playgroundTest`, so browser tests can compare
// what the page shows with what the run computed (and inject faults: loseDevice). Without the
// query nothing is exposed: ordinary pages carry no test surface.
import type { AppState, AppStore } from '../ui/store';
import type { BoundaryCheck } from '../worker/protocol';
import { probeCommands } from '../ui/insight/boundary/commands';
import type { WorkerBridge } from './worker-bridge';

export interface PlaygroundTestHooks {
  /** The current run's metrics as the worker reported them (plain data, a copy). */
  run(): Pick<AppState, 'status' | 'progress' | 'evals' | 'health' | 'final' | 'checkpointStep'>;
  /** The decision boundary's latest grid as the page holds it (a copy); null before the first. */
  boundary(): { step: number; size: number; output: number[]; trainAccuracy?: number; trainMse?: number } | null;
  /** Recomputes, in the worker at the current weights, the boundary against the model (see probe-driver.ts). */
  boundaryCheck(): Promise<BoundaryCheck | null>;
  /** What the insight views were sent: classification results, lr finder, drawn probabilities. */
  insight(): Pick<AppState, 'classification' | 'lrFinder' | 'drawn'> & { histogramSnapshots: number };
  /** Destroys the training worker's GPU device mid-run, as a lost GPU would. */
  loseDevice(): void;
  /** The label of the backend the worker opened for the run ("CPU (WebAssembly SIMD kernels, 2 threads)"); null before. */
  adapterLabel(): string | null;
}

export function installTestHooks(store: AppStore, search: string, bridge: Pick<WorkerBridge, 'loseDevice'>): void {
  if (!new URLSearchParams(search).has('testHooks')) return;
  const hooks: PlaygroundTestHooks = {
    run() {
      const s = store.getState();
      return structuredClone({ status: s.status, progress: s.progress, evals: s.evals, health: s.health, final: s.final, checkpointStep: s.checkpointStep });
    },
    boundary() {
      const p = store.getState().probe;
      return p ? { step: p.step, size: p.size, output: Array.from(p.output), trainAccuracy: p.trainAccuracy, trainMse: p.trainMse } : null;
    },
    boundaryCheck: () => probeCommands().check(),
    insight() {
      const s = store.getState();
      return structuredClone({ classification: s.classification, lrFinder: s.lrFinder, drawn: s.drawn, histogramSnapshots: s.histograms.length });
    },
    loseDevice: () => bridge.loseDevice(),
    adapterLabel: () => store.getState().info?.adapter.label ?? null,
  };
  (window as unknown as { playgroundTest: PlaygroundTestHooks }).playgroundTest = hooks;
}
