// Messages between the page (main thread) and the training worker, which owns the engine
// and the GPU device. The page only renders.
import type { Experiment } from '../spec';
import type { EvalMetrics, FinalMetrics, HyperChange, LiveHyper, ProgressMetrics } from '../train/types';
import type { ShapeReport } from '../nn/shapes';
import type { InsightFromWorker, InsightToWorker } from './insight-protocol';
import type { AttackFromWorker, AttackToWorker } from './attack-protocol';
import type { NamedTensor } from '../train/safetensors';
import type { WeightsReport } from '../train/weights-import';
import type { SpeedJob, SpeedMessage } from './speed-protocol';
import type { PlaneInfo, ProbeResult } from './probe';
import type { BoundaryCheck } from './probe-driver';

export type { PlaneInfo, ProbeResult, BoundaryCheck };
export type { Diagram, DiagramLayer } from './probe-network';
import type { SavedTrainingState } from '../train/training-state';
import type { CheckpointReason } from '../train/checkpoint-keeper';

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
  /**
   * Continue the run from its last good checkpoint under `experiment` (whose hyperparameters
   * may have changed since): from the worker's own checkpoint, or from `checkpoint` (one the
   * page kept, e.g. across a reload).
   */
  | { type: 'resume'; experiment: Experiment; checkpoint?: SavedTrainingState; files?: Record<string, Uint8Array> }
  /** Tests only (?testHooks): destroys the GPU device, as a lost GPU would. */
  | { type: 'loseDevice' }
  /** Compare the GPU kernels with the CPU reference (backend-select's runSelfTest). */
  | { type: 'selfTest' }
  /** The trainer's weights now (a run that ended is stored with them); answered by `weights` with the same id. */
  | { type: 'weights'; id: number }
  /** The PyTorch project of the current run as one zip (src/experiment/export); answered by `pytorchProject`. */
  | { type: 'pytorchProject'; id: number }
  /**
   * Load weights (a safetensors file, a stored run's weights) into the model, and start
   * every later run from them; null forgets them. Answered by `weightsLoaded`.
   */
  | { type: 'loadWeights'; source: string; tensors: NamedTensor[] | null }
  /** A measurement of the speed views (speed.ts); the user's run pauses around it. */
  | { type: 'speed'; job: SpeedJob }
  /** The page shows (true) or hides the decision boundary and network views: refreshes run only while shown. */
  | { type: 'probe'; enabled: boolean }
  /** Tests: the boundary against the model at the current weights (answered by `probeCheck`). */
  | { type: 'probeCheck'; id: number }
  | InsightToWorker
  | AttackToWorker;

/** A training checkpoint as the worker sends it (plain data, structured-clone friendly). */
export type TrainingCheckpoint = SavedTrainingState;

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
  /** The zip (train.py, both weight files, experiment.json, data/, README.md), or null and why. */
  | { type: 'pytorchProject'; id: number; zip: Uint8Array | null; message?: string }
  /** What loading weights matched (null after forgetting them): `source` names the file or run. */
  | { type: 'weightsLoaded'; source: string | null; report: WeightsReport | null }
  /** Once per run on 2-D data: the plane's range, its points and the network diagram's layout. */
  | { type: 'plane'; plane: PlaneInfo }
  /** The model over the plane at the weights after `result.step` steps. */
  | { type: 'probe'; result: ProbeResult }
  | { type: 'probeCheck'; id: number; check: BoundaryCheck | null; message?: string }
  /** The latest good training state (at an evaluation, a pause, or the last good one on NaN/Inf). */
  | { type: 'checkpoint'; step: number; reason: CheckpointReason; checkpoint: SavedTrainingState }
  /** The trainer holds the checkpoint of `step` again: what came after it is to be taken again. */
  | { type: 'resumed'; step: number }
  /** The GPU device was lost: training paused, a new device is being requested. */
  | { type: 'deviceLost'; message: string }
  /**
   * A new device holds the run again (from the checkpoint of `step`); on the same adapter
   * training goes on by itself, on another it waits for Resume. A `finished` run keeps its
   * results (there is nothing left to train).
   */
  | { type: 'deviceRestored'; step: number; sameAdapter: boolean; adapter: string; finished: boolean }
  /** Invalid experiment, bad data, NaN, lost device: `path` names the field when there is one. */
  | { type: 'error'; message: string; path?: string; kind: 'invalid' | 'data' | 'nonFinite' | 'device' | 'internal' }
  | SpeedMessage
  | InsightFromWorker
  | AttackFromWorker;
