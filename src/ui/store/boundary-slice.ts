import type { StateCreator } from 'zustand/vanilla';
import type { PlaneInfo, ProbeResult } from '../../worker/protocol';
import type { AttackArrows, AttackRequest } from '../../worker/attack-protocol';
import { EPSILON_RANGE } from '../insight/adversarial/epsilon';
import type { AppState } from './index';

// The decision boundary and network views (src/ui/insight/boundary): the run's plane (once
// per run) and the latest probe of the model over it, straight from the worker (the bridge
// hands them over unbatched: the worker already sends at most ~4 a second), and the attack
// arrows drawn over it (their setting, and the worker's latest set, at most one a second).

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
  showAttackArrows: boolean;
  /** The arrows' attack (ε in normalised feature units). */
  arrowAttack: AttackRequest;
  /** The latest arrows under `arrowAttack` (null: none yet, or off). */
  attackArrows: AttackArrows | null;
  /** Why the worker cannot draw arrows for this run, or null. */
  arrowsMessage: string | null;
  setShowAttackArrows(on: boolean): void;
  setArrowAttack(attack: AttackRequest): void;
  /** From the worker: a set under an attack other than the current one (the setting moved on) is dropped. */
  setAttackArrows(arrows: AttackArrows | null, message: string | null): void;
  setPlane(plane: PlaneInfo | null): void;
  setProbe(probe: ProbeResult): void;
  setShowTestData(on: boolean): void;
  setDiscretize(on: boolean): void;
  setBoundaryOpen(open: boolean): void;
  setPlotSource(source: PlotSource): void;
}

export const createBoundarySlice: StateCreator<AppState, [], [], BoundarySlice> = (set, get) => ({
  plane: null,
  probe: null,
  showTestData: false,
  discretize: false,
  boundaryOpen: true,
  plotSource: { kind: 'output' },
  showAttackArrows: false,
  arrowAttack: { method: 'fgsm', epsilon: EPSILON_RANGE.features.start },
  attackArrows: null,
  arrowsMessage: null,
  setShowAttackArrows: (showAttackArrows) => set({ showAttackArrows, attackArrows: null, arrowsMessage: null }),
  setArrowAttack: (arrowAttack) => set({ arrowAttack }),
  setAttackArrows: (attackArrows, arrowsMessage) => {
    const { showAttackArrows, arrowAttack } = get();
    if (!showAttackArrows) return;
    if (attackArrows && (attackArrows.method !== arrowAttack.method || attackArrows.epsilon !== arrowAttack.epsilon)) return;
    set({ attackArrows, arrowsMessage });
  },
  // A new run: the last run's arrows (and any reason it had none) are not this one's.
  setPlane: (plane) => set({ plane, probe: null, plotSource: { kind: 'output' }, attackArrows: null, arrowsMessage: null }),
  setProbe: (probe) => set({ probe }),
  setShowTestData: (showTestData) => set({ showTestData }),
  setDiscretize: (discretize) => set({ discretize }),
  setBoundaryOpen: (boundaryOpen) => set({ boundaryOpen }),
  setPlotSource: (plotSource) => set({ plotSource }),
});
