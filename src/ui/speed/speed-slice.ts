import type { StateCreator } from 'zustand/vanilla';
import type { SpeedKind, SpeedMessage, SpeedResult } from '../../worker/speed-protocol';
import type { AppState } from '../store';

// What the speed views (GPU time per kernel, race, GEMM lab, batch sweep) last measured.
// One job runs at a time in the worker; results stay until the next job of their kind.

export interface SpeedSlice {
  speedBusy: SpeedKind | null;
  speedProgress: string;
  speedResults: Partial<{ [K in SpeedKind]: Extract<SpeedResult, { kind: K }> }>;
  speedErrors: Partial<Record<SpeedKind, string>>;
  startSpeed(kind: SpeedKind): void;
  applySpeed(message: SpeedMessage): void;
  /** A new run is ready: kernel times sampled from the previous run no longer describe it. */
  forgetLiveKernels(): void;
}

export const createSpeedSlice: StateCreator<AppState, [], [], SpeedSlice> = (set, get) => ({
  speedBusy: null,
  speedProgress: '',
  speedResults: {},
  speedErrors: {},
  startSpeed(kind) {
    const { [kind]: _gone, ...errors } = get().speedErrors;
    set({ speedBusy: kind, speedProgress: 'Starting…', speedErrors: errors });
  },
  applySpeed(m) {
    if (m.type === 'speedProgress') set({ speedProgress: m.text });
    // A live kernel sample of the user's run is no answer to a job: a job in progress stays busy.
    else if (m.type === 'speedResult' && m.result.kind === 'kernels' && m.result.live) set({ speedResults: { ...get().speedResults, kernels: m.result } });
    else if (m.type === 'speedResult') set({ speedBusy: null, speedProgress: '', speedResults: { ...get().speedResults, [m.result.kind]: m.result } });
    else set({ speedBusy: null, speedProgress: '', speedErrors: { ...get().speedErrors, [m.kind]: m.message } });
  },
  forgetLiveKernels() {
    const { kernels, ...rest } = get().speedResults;
    if (kernels?.live) set({ speedResults: rest });
  },
});
