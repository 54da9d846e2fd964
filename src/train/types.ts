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
  /** Achieved GFLOP/s from the model's forward+backward FLOPs (3x forward). */
  gflops: number;
  dispatchesPerStep: number;
  submitsPerStep: number;
  readbacksPerStep: number;
  /**
   * False when this report's rates were not measured (a Step press, a run's first report
   * before two stamps of the window): the rate fields are then 0 and are not throughput.
   */
  timed?: boolean;
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

/** Training stopped because a loss or gradient became NaN/Inf. */
export class NonFiniteError extends Error {
  override name = 'NonFiniteError';
  constructor(
    message: string,
    readonly step: number,
    /** First layer where a non-finite value appeared, e.g. "layer 3 (dense)". */
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
