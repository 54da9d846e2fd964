import type { StateCreator } from 'zustand/vanilla';
import type { PlaneInfo, ProbeResult } from '../../worker/protocol';
import type { AppState } from './index';

// The decision boundary and network views (src/ui/insight/boundary): the run's plane (once
// per run) and the latest probe of the model over it, straight from the worker (the bridge
// hands them over unbatched: the worker already sends at most ~4 a second).

/** What the big plot shows: the model's output, or one neuron of the network diagram. */
export type PlotSource = { kind: 'output' } | { kind: 'input'; feature: number } | { kind: 'neuron'; layer: number; unit: number };

export interface BoundarySlice {
  plane: PlaneInfo | null;
  probe: ProbeResult | null;
  showTestData: boolean;
  discretize: boolean;
  /** Whether the views are open (closed: the worker runs no probes at all). */
  boundaryOpen: boolean;
  plotSource: PlotSource;
  setPlane(plane: PlaneInfo | null): void;
  setProbe(probe: ProbeResult): void;
  setShowTestData(on: boolean): void;
  setDiscretize(on: boolean): void;
  setBoundaryOpen(open: boolean): void;
  setPlotSource(source: PlotSource): void;
}

export const createBoundarySlice: StateCreator<AppState, [], [], BoundarySlice> = (set) => ({
  plane: null,
  probe: null,
  showTestData: false,
  discretize: false,
  boundaryOpen: true,
  plotSource: { kind: 'output' },
  setPlane: (plane) => set({ plane, probe: null, plotSource: { kind: 'output' } }),
  setProbe: (probe) => set({ probe }),
  setShowTestData: (showTestData) => set({ showTestData }),
  setDiscretize: (discretize) => set({ discretize }),
  setBoundaryOpen: (boundaryOpen) => set({ boundaryOpen }),
  setPlotSource: (plotSource) => set({ plotSource }),
});
