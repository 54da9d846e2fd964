// What a training run reports, in the browser's worker and in the headless runner alike.
// The UI charts these; `npm run train -- --json` prints them one per line.

export interface ProgressMetrics {
  kind: 'progress';
  epoch: number;
  /** Optimizer steps done so far. */
  step: number;
  /** Mean training loss over the steps since the last progress report. */
  trainLoss: number;
  lr: number;
  samplesPerSec: number;
  msPerStep: number;
  /** Achieved GFLOP/s from the step's FLOPs: forward and the gradients it computes (nn/shapes.ts trainingFlops). */
  gflops: number;
  dispatchesPerStep: number;
  submitsPerStep: number;
  readbacksPerStep: number;
  /**
   * False when this report's rates were not measured (a Step press, a run's first report
   * before two stamps of the window): the rate fields are then 0 and are not throughput.
   */
  timed?: boolean;
  /**
   * Storage the backend holds (live, pooled, pinned by the compiled step; GPU buffers or
   * CPU arrays) at this report: flat after the first evaluation in a healthy run.
   */
  buffers?: number;
  bufferBytes?: number;
}

export interface LayerHealth {
  /** "layer 2 (dense)". */
  layer: string;
  gradNorm: number;
  /** ‖Δw‖ / ‖w‖ of the last step. */
  updateRatio: number;
  flag: 'ok' | 'vanishing' | 'exploding';
}

export interface EvalMetrics {
  kind: 'eval';
  epoch: number;
  step: number;
  trainLoss: number;
  testLoss: number;
  /** Classification only. */
  testAccuracy?: number;
  trainAccuracy?: number;
  /** Regression only. */
  testMse?: number;
  layers: LayerHealth[];
}

export interface HyperChange {
  kind: 'hyper';
  step: number;
  field: 'lr' | 'momentum' | 'weightDecay';
  value: number;
}

export interface FinalMetrics {
  final: true;
  epochs: number;
  steps: number;
  trainLoss: number;
  testLoss: number;
  testAccuracy?: number;
  testMse?: number;
  samplesPerSec: number;
  /** Why it ended. */
  reason: 'completed' | 'earlyStopping' | 'targetLoss' | 'stopped';
  seconds: number;
}

/**
 * Training stopped because a loss or gradient became NaN/Inf.
 *
 * `step` counts from 1: "step k" is the k-th optimizer step, the one whose loss or
 * gradients first went non-finite (the step guard records it exactly, however late the
 * metric read that sees it). The message says "step k" with the same k. Every step from k
 * on changed nothing, so after the stop the training state (weights, optimizer state,
 * running statistics) is the one after step k - 1 and `Trainer.stepsDone` is k - 1. For a
 * non-finite test loss `step` is the number of steps done when it was evaluated.
 */
/** The GPU reported an error (validation, out of memory, device lost): the run stopped. */
export class GpuFaultError extends Error {
  override name = 'GpuFaultError';
  constructor(readonly fault: string, readonly step: number) {
    super(`Training stopped after step ${step}: ${fault.replace(/\.?$/, '.')} No result after this point can be trusted; reload the page or restart the run.`);
  }
}

export class NonFiniteError extends Error {
  override name = 'NonFiniteError';
  constructor(
    message: string,
    readonly step: number,
    /**
     * Where the first non-finite value appeared, found by re-running step k eagerly: the
     * first layer (forward order) whose output went non-finite, e.g. "layer 3 (dense)";
     * else "loss" when every output was finite but the loss was not; else the first layer
     * from the output backwards whose gradients did. Null when unknown.
     */
    readonly layer: string | null,
  ) {
    super(message);
  }
}

export type TrainEvent = ProgressMetrics | EvalMetrics | HyperChange;

/** Live-adjustable hyperparameters (uniforms of the compiled step: no re-trace). */
export interface LiveHyper {
  lr?: number;
  momentum?: number;
  weightDecay?: number;
}
