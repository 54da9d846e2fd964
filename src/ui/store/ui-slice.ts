import type { StateCreator } from 'zustand/vanilla';
import type { Issue } from '../../spec';
import { findLesson } from '../../experiment';
import type { AppState } from './index';
import { startOverAfterReplacing } from './run-slice';
import type { WeightsReport } from '../../experiment';

// What the page itself knows: the adapter, alerts about links and files, chart options.

export interface AdapterState {
  status: 'probing' | 'ok' | 'none';
  label: string;
  isSoftware: boolean;
  /** Why WebGPU is unavailable, when it is. */
  message: string;
}

export interface Notice {
  title: string;
  issues: Issue[];
  tone: 'error' | 'warning';
}

/** The weights the run starts from ("Load weights"), and what of them matched the model. */
export interface LoadedWeights {
  source: string;
  report: WeightsReport;
}

export interface UiSlice {
  adapter: AdapterState;
  loadedWeights: LoadedWeights | null;
  setLoadedWeights(loaded: LoadedWeights | null): void;
  notice: Notice | null;
  smoothing: number;
  logScale: boolean;
  toast: string | null;
  /** The open lesson's id (src/experiment/lessons.ts), or null. */
  lesson: string | null;
  /** Opens a lesson: its experiment exactly as written (never adapted) and its panel. */
  openLesson(id: string): void;
  closeLesson(): void;
  setAdapter(adapter: AdapterState): void;
  setNotice(notice: Notice | null): void;
  setSmoothing(value: number): void;
  setLogScale(on: boolean): void;
  showToast(text: string | null): void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set, get) => ({
  adapter: { status: 'probing', label: '', isSoftware: false, message: '' },
  loadedWeights: null,
  setLoadedWeights: (loadedWeights) => set({ loadedWeights }),
  notice: null,
  smoothing: 0.6,
  logScale: false,
  toast: null,
  lesson: null,
  openLesson(id) {
    const lesson = findLesson(id);
    if (!lesson) return;
    get().setExperiment(structuredClone(lesson.experiment));
    set({ lesson: id, notice: null });
    startOverAfterReplacing(get());
  },
  closeLesson: () => set({ lesson: null }),
  setAdapter: (adapter) => set({ adapter }),
  setNotice: (notice) => set({ notice }),
  setSmoothing: (smoothing) => set({ smoothing }),
  setLogScale: (logScale) => set({ logScale }),
  showToast: (toast) => set({ toast }),
});
