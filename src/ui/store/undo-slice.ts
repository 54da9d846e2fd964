import type { StateCreator } from 'zustand/vanilla';
import type { Experiment } from '../../spec';
import type { AppState } from './index';
import { startOverAfterReplacing } from './run-slice';

// Undo for the one kind of change a person cannot easily redo by hand: the whole experiment
// replaced at once (a preset; later the page adapting a model to a new dataset). One level:
// the experiment as it was before the last replacement, named for the button ("Undo: preset
// Spiral"). Undoing restores it through setExperiment, like any other replacement.

export interface UndoEntry {
  /** What replaced the experiment, for the button: "preset Spiral". */
  what: string;
  previous: Experiment;
}

export interface UndoSlice {
  undo: UndoEntry | null;
  /** Replaces the experiment with `next` and remembers the current one under `what`. */
  replaceExperiment(next: Experiment, what: string): void;
  /** Puts the experiment from before the last replacement back. */
  undoReplacement(): void;
  dismissUndo(): void;
}

export const createUndoSlice: StateCreator<AppState, [], [], UndoSlice> = (set, get) => ({
  undo: null,
  replaceExperiment(next, what) {
    const previous = get().experiment;
    get().setExperiment(next);
    set({ undo: { what, previous } });
    startOverAfterReplacing(get());
  },
  undoReplacement() {
    const entry = get().undo;
    if (!entry) return;
    get().setExperiment(entry.previous);
    set({ undo: null });
  },
  dismissUndo: () => set({ undo: null }),
});
