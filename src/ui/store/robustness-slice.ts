import type { StateCreator } from 'zustand/vanilla';
import type { RobustAccuracy } from '../../worker/attack-protocol';
import type { AppState } from './index';
import { curveOf, withCurve } from './robustness-record';
import type { RobustnessCurve } from './robustness-record';

// The robustness curves measured on the run in the charts ("Measure robustness"). They go
// into the run's "Run history" record: at once when the run is stored already (it ended),
// else when it is stored (makeRecord keeps those measured at its last step), so the
// Robustness chart can draw them again over a later run's, after a reload too.

export interface RobustnessSlice {
  /** The curves of run `runId` (one per attack method), or null before any was measured. */
  measured: { runId: string; curves: RobustnessCurve[] } | null;
  /** A measurement of the current weights came back. */
  noteRobustness(rows: readonly RobustAccuracy[]): void;
}

export const createRobustnessSlice: StateCreator<AppState, [], [], RobustnessSlice> = (set, get) => ({
  measured: null,
  noteRobustness(rows) {
    if (rows.length === 0) return;
    const s = get();
    const curve = curveOf(rows, s.progress.at(-1)?.step ?? 0);
    const before = s.measured?.runId === s.runId ? s.measured.curves : [];
    set({ measured: { runId: s.runId, curves: withCurve(before, curve) } });
    if (s.currentRunId === s.runId) void s.setRunRobustness(s.runId, curve);
  },
});

/** The run in the charts' curves, for makeRecord (none when they belong to an earlier run). */
export function measuredCurves(s: AppState, runId: string): RobustnessCurve[] | undefined {
  return s.measured?.runId === runId ? s.measured.curves : undefined;
}
