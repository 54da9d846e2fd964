// Training metrics without stalls: the step adds its loss (and correct count) into a small
// buffer on the device; every `progressEvery` steps that buffer is read back inside the
// step's own submit and mapped asynchronously, then the window is zeroed for the next one.
// The same buffer holds the step guard's sticky flag words (kernels/guard.ts), so the read
// that reports the losses also says whether, and at which step, a value went non-finite.
// At most MAX_INFLIGHT_READS reads are in flight, which also keeps the CPU from running far
// ahead of the GPU.
import type { Backend } from '../engine/backend';
import type { Tensor } from '../engine/tensor';
import { GUARD_WORDS, readGuardFlag, type GuardFlag } from '../engine/kernels/guard';

/** The first steps whose own losses are kept (the runner's {"kind": "step"} records). */
export const STEP_LOSS_SLOTS = 100;

/** At most this many metric readbacks in flight: bounds how far the CPU runs ahead. */
export const MAX_INFLIGHT_READS = 2;

/** What one read says about the steps of its window. */
export interface WindowMetrics {
  /** Mean training loss over the window (NaN/Inf when a step's loss was). */
  trainLoss: number;
  /** Fraction of the window's samples classified correctly (classification only). */
  trainAccuracy?: number;
  /** The guard's flag: set when a step's loss or gradients went non-finite (sticky). */
  guard: GuardFlag;
}

export class MetricsStream {
  /** The accumulators, read back as one buffer. */
  readonly buffer: Tensor;
  private readonly loss: Tensor;
  private readonly correct: Tensor;
  private readonly correctOffset: number;
  /** The accumulators without the guard's words: what a window's end zeroes. */
  private readonly window: Tensor;
  private readonly guardOffset: number;
  /** The step guard's sticky flag words (GUARD_WORDS), never zeroed by a window. */
  readonly guardWords: Tensor;
  /**
   * The loss of each of the first STEP_LOSS_SLOTS steps, slot k for 0-based step k: the step
   * guard writes it (no dispatch, no readback of its own); the trainer reads it once.
   */
  readonly stepLosses: Tensor;
  private inflight: Promise<void>[] = [];
  /** Steps accumulated since the last read. */
  stepsSinceRead = 0;

  constructor(
    private readonly backend: Backend,
    private readonly batchSize: number,
    private readonly classification: boolean,
  ) {
    const m = backend.allocFlat([[1], [1], [GUARD_WORDS.count]]);
    this.buffer = m.flat;
    [this.loss, this.correct, this.guardWords] = m.views;
    this.correctOffset = m.offsets[1];
    this.guardOffset = m.offsets[2];
    this.window = backend.view(this.buffer, 0, [this.guardOffset]);
    this.stepLosses = backend.zeros([STEP_LOSS_SLOTS]);
  }

  /** The step's op: adds its loss. */
  addLoss(loss: Tensor): void {
    this.backend.addInPlace(this.loss, loss);
  }

  /** The step's op (classification): adds its count of correct predictions. */
  addCorrect(correct: Tensor): void {
    this.backend.addInPlace(this.correct, correct);
  }

  /**
   * Closes the window after a step that read the buffer: returns how many steps it holds
   * and zeroes the accumulators (on the GPU the clear opens the next step's submit, after
   * the read's copy).
   */
  closeWindow(): number {
    const steps = this.stepsSinceRead;
    this.stepsSinceRead = 0;
    this.backend.zero(this.window);
    return steps;
  }

  decode(values: Float32Array | Float64Array | Uint32Array, steps: number): WindowMetrics {
    const trainLoss = values[0] / steps;
    const guard = readGuardFlag(values, this.guardOffset);
    if (!this.classification) return { trainLoss, guard };
    return { trainLoss, trainAccuracy: values[this.correctOffset] / (steps * this.batchSize), guard };
  }

  /** Keeps a read in flight; waits for the oldest while more than MAX_INFLIGHT_READS are. */
  async track(read: Promise<void>): Promise<void> {
    // Marked handled: a read still in flight when the run stops (a GPU error, a lost
    // device) may reject after nobody waits for it; drain() still sees the rejection.
    read.catch(() => {});
    this.inflight.push(read);
    while (this.inflight.length > MAX_INFLIGHT_READS) await this.inflight.shift();
  }

  /** Waits for every read in flight. */
  async drain(): Promise<void> {
    while (this.inflight.length) await this.inflight.shift();
  }

  /** Empty accumulators and a clear guard flag, nothing counted (drain reads first). */
  reset(): void {
    this.backend.zero(this.buffer);
    this.stepsSinceRead = 0;
  }

  dispose(): void {
    this.buffer.dispose();
    this.stepLosses.dispose();
  }
}
