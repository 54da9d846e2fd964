// What the runner needs from the outside world, as one object so tests can swap any part
// (a fake trainer, captured output, a temporary folder) while the real ones are the default.

import type { Backend } from '../engine/backend';
import type { Experiment } from '../spec';
import type { ShapeReport } from '../nn/shapes';
import type { DataIo, LoadedSplit } from '../data';
import type { FinalMetrics, TrainEvent } from '../train/types';
import type { NamedTensor } from '../train/safetensors';
import type { SavedTrainingState } from '../train/training-state';
import type { CheckpointReason } from '../train/trainer';
import type { WeightsReport } from '../train/weights-import';
import type { DeviceLimits } from '../experiment';
import type { OutFs } from './out-dir';
import type { LrFinderResult } from '../train/lr-finder';
import type { Attack } from '../train/adversarial';
import type { RobustAccuracy } from '../train/robustness';

/** Caps on data input the runner passes to the loader (from --max-csv-mb). */
export interface DataLimits {
  maxCsvBytes: number;
}

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface AdapterInfo {
  backend: Experiment['backend'];
  label: string;
  isSoftware: boolean;
  /** The adapter's buffer limits (WebGPU): a model must fit them to train. */
  limits?: DeviceLimits;
}

export interface OpenedBackend {
  backend: Backend;
  adapter: AdapterInfo;
}

/** The part of src/train/trainer.ts's Trainer that the runner uses. */
export interface CliTrainer {
  readonly summary: ShapeReport;
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  run(): Promise<FinalMetrics | null>;
  pause(): void;
  dispose(): void;
  exportWeights(): Promise<NamedTensor[]>;
  /** Loads the tensors of a weights file that match by name and shape (--init-from). */
  loadWeights?(file: readonly NamedTensor[]): Promise<WeightsReport>;
  /** The learning-rate range test (--find-lr), default sweep; the state is put back after. */
  findLearningRate?(): Promise<LrFinderResult>;
  /** Continues from a checkpoint (--resume): the next steps are those the saved run would take. */
  restore(saved: SavedTrainingState): Promise<void>;
  /** Test accuracy, clean and under an attack, of the current weights (--attack). */
  robustness?(attack: Attack): Promise<RobustAccuracy>;
}

export interface TrainerOptions {
  backend: Backend;
  split: LoadedSplit;
  onEvent(e: TrainEvent): void;
  progressEvery?: number;
  /** Each checkpoint (every evaluation, every pause, the last good state on a NaN stop). */
  onCheckpoint?(checkpoint: SavedTrainingState, reason: CheckpointReason): void;
  /** The first 100 steps' losses, once (src/train/trainer.ts). */
  onStepLosses?(losses: { step: number; loss: number }[]): void;
}

export interface CliDeps {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Where relative paths on the command line start. */
  cwd: string;
  /** Loads the experiment's data; relative CSV paths resolve from `baseDir`. */
  loadData(experiment: Experiment, baseDir: string, limits?: DataLimits): Promise<LoadedSplit>;
  openBackend(kind: Experiment['backend']): Promise<OpenedBackend>;
  createTrainer(experiment: Experiment, options: TrainerOptions): Promise<CliTrainer>;
  /** Calls `handler` on Ctrl-C (SIGINT); returns the unsubscribe function. */
  onInterrupt(handler: () => void): () => void;
  /** Ends the process at once (a second Ctrl-C). */
  exit(code: number): void;
  /** Milliseconds, for throttling progress output. */
  now(): number;
  /** Reads the run's data files for the PyTorch project in --out (default: nodeIo(baseDir)). */
  dataIo?(baseDir: string): DataIo;
  /** The file operations of the --out folder (tests inject a full disk). */
  outFs?: OutFs;
}
