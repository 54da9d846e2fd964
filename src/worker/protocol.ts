// Messages between the page (main thread) and the training worker, which owns the engine
// and the GPU device. The page only renders.
import type { Experiment } from '../spec';
import type { EvalMetrics, FinalMetrics, HyperChange, LiveHyper, ProgressMetrics } from '../train/types';
import type { ShapeReport } from '../nn/shapes';
import type { InsightFromWorker, InsightToWorker } from './insight-protocol';
import type { NamedTensor } from '../train/safetensors';
import type { SpeedJob, SpeedMessage } from './speed-protocol';
import type { PlaneInfo, ProbeResult } from './probe';
import type { BoundaryCheck } from './probe-driver';

export type { PlaneInfo, ProbeResult, BoundaryCheck };
export type { Diagram, DiagramLayer } from './probe-network';

export type ToWorker =
  /** Load data, build the model and compile the step. Replaces any previous run. */
  | { type: 'init'; experiment: Experiment; files?: Record<string, Uint8Array> }
  | { type: 'train' }
  | { type: 'pause' }
  /** One optimizer step (one batch). */
  | { type: 'step' }
  /** Back to the seed's initial weights. */
  | { type: 'reset' }
  | { type: 'hyper'; hyper: LiveHyper }
  /** Compare the GPU kernels with the CPU reference (backend-select's runSelfTest). */
  | { type: 'selfTest' }
  /** The trainer's weights now (a run that ended is stored with them); answered by `weights` with the same id. */
  | { type: 'weights'; id: number }
  /** A measurement of the speed views (speed.ts); the user's run pauses around it. */
  | { type: 'speed'; job: SpeedJob }
  /** The page shows (true) or hides the decision boundary and network views: refreshes run only while shown. */
  | { type: 'probe'; enabled: boolean }
  /** Tests: the boundary against the model at the current weights (answered by `probeCheck`). */
  | { type: 'probeCheck'; id: number }
  | InsightToWorker;

// The page and the worker speak of adapters exactly as the backend selector reports them.
import type { AdapterReport } from '../train/backend-select';
export type { AdapterReport };

/** What the worker knows once a run is compiled. */
export interface ReadyInfo {
  adapter: AdapterReport;
  summary: ShapeReport;
  trainSize: number;
  testSize: number;
  stepsPerEpoch: number;
  totalSteps: number;
}

/**
 * What a run is busy with before its first step lands (slow adapters take seconds for each):
 * set up (`init`), then on the first Train or Step of a WebGPU run the step is traced into its
 * plan, which compiles its kernels.
 */
export type StartupPhase = 'loading data' | 'uploading data' | 'compiling kernels and tracing the step';

export type FromWorker =
  | { type: 'loading'; what: string; loaded: number; total: number }
  /** null once the phase is over (the first progress report of the run). */
  | { type: 'phase'; phase: StartupPhase | null }
  | ({ type: 'ready' } & ReadyInfo)
  | { type: 'state'; state: 'idle' | 'training' | 'paused' | 'done' }
  | { type: 'progress'; metrics: ProgressMetrics }
  | { type: 'eval'; metrics: EvalMetrics }
  | { type: 'hyper'; change: HyperChange }
  | { type: 'done'; final: FinalMetrics }
  | { type: 'selfTest'; ok: boolean; lines: string[] }
  /** Parameters in model order, then layer state (batch norm running statistics); null without a trainer. */
  | { type: 'weights'; id: number; tensors: NamedTensor[] | null }
  /** Once per run on 2-D data: the plane's range, its points and the network diagram's layout. */
  | { type: 'plane'; plane: PlaneInfo }
  /** The model over the plane at the weights after `result.step` steps. */
  | { type: 'probe'; result: ProbeResult }
  | { type: 'probeCheck'; id: number; check: BoundaryCheck | null; message?: string }
  /** Invalid experiment, bad data, NaN, lost device: `path` names the field when there is one. */
  | { type: 'error'; message: string; path?: string; kind: 'invalid' | 'data' | 'nonFinite' | 'device' | 'internal' }
  | SpeedMessage
  | InsightFromWorker;
