// What a run has reported so far, and the final metrics made from it. Reset together
// with the training state (one object, so a reset cannot forget a field).
import type { Backend } from '../engine/backend';
import type { EvalMetrics, FinalMetrics } from './types';

/**
 * A failure a metric read saw, thrown by the loop: the guard's flag (the exact 1-based step),
 * a window's mean loss that overflowed although every step's loss was finite, or a GPU
 * error (then no number read back is trusted).
 */
export type Failure = { flaggedStep: number } | { message: string } | { gpuFault: string };

export interface RunTotals {
  lastTrainLoss: number;
  lastTrainAccuracy: number | undefined;
  lastEval: EvalMetrics | null;
  samplesTrained: number;
  /** Seconds spent in run(), evaluation included. */
  trainSeconds: number;
  /** A failure seen by a metric read, thrown by the loop. */
  failure: Failure | null;
}

export const freshTotals = (): RunTotals => ({
  lastTrainLoss: NaN,
  lastTrainAccuracy: undefined,
  lastEval: null,
  samplesTrained: 0,
  trainSeconds: 0,
  failure: null,
});

export function finalMetrics(
  t: RunTotals,
  last: EvalMetrics,
  steps: number,
  stepsPerEpoch: number,
  reason: FinalMetrics['reason'],
): FinalMetrics {
  return {
    final: true,
    epochs: Math.ceil(steps / stepsPerEpoch),
    steps,
    trainLoss: t.lastTrainLoss,
    testLoss: last.testLoss,
    ...(last.testAccuracy !== undefined ? { testAccuracy: last.testAccuracy } : {}),
    ...(last.testMse !== undefined ? { testMse: last.testMse } : {}),
    samplesPerSec: t.samplesTrained / Math.max(1e-9, t.trainSeconds),
    reason,
    seconds: t.trainSeconds,
  };
}

/** Storage the backend holds (live, pooled, pinned by the compiled step), for progress reports. */
export function heldStorage(backend: Backend): { buffers: number; bufferBytes: number } {
  const m = backend.memory();
  return { buffers: m.liveBuffers + m.pooledBuffers + m.pinnedBuffers, bufferBytes: m.liveBytes + m.pooledBytes + m.pinnedBytes };
}
