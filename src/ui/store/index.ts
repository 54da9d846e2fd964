import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { createExperimentSlice } from './experiment-slice';
import type { ExperimentSlice } from './experiment-slice';
import { createRunSlice } from './run-slice';
import type { RunSlice } from './run-slice';
import { createHistorySlice } from './history-slice';
import type { HistorySlice } from './history-slice';
import { createUiSlice } from './ui-slice';
import type { UiSlice } from './ui-slice';
import { createSpeedSlice, type SpeedSlice } from '../speed/speed-slice';
import { createBoundarySlice } from './boundary-slice';
import type { BoundarySlice } from './boundary-slice';
import { createInsightSlice } from './insight-slice';
import type { InsightSlice } from './insight-slice';
import { createUndoSlice } from './undo-slice';
import type { UndoSlice } from './undo-slice';
import { createRobustnessSlice } from './robustness-slice';
import type { RobustnessSlice } from './robustness-slice';

// ONE store made of slices, created vanilla so the worker bridge and the URL sync (src/app)
// can read and subscribe outside React. Components read through selectors: useApp((s) => s.x).

export type AppState = ExperimentSlice & RunSlice & HistorySlice & UiSlice & SpeedSlice & BoundarySlice & InsightSlice & UndoSlice & RobustnessSlice;

export function createAppStore() {
  return createStore<AppState>()((...a) => ({
    ...createExperimentSlice(...a),
    ...createRunSlice(...a),
    ...createHistorySlice(...a),
    ...createUiSlice(...a),
    ...createSpeedSlice(...a),
    ...createBoundarySlice(...a),
    ...createInsightSlice(...a),
    ...createUndoSlice(...a),
    ...createRobustnessSlice(...a),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;

export const appStore: AppStore = createAppStore();

export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(appStore, selector);
}

export type { ExperimentSlice, RunSlice, HistorySlice, UiSlice, BoundarySlice, InsightSlice, UndoSlice };
export type { PlotSource } from './boundary-slice';
export { PAGE_MEMORY_BUDGET, validateContext } from './experiment-slice';
export type { RunStatus, ProgressPoint, EvalPoint, HistoryEntry } from './run-slice';
export { runUnderWay } from './run-slice';
