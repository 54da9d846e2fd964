// Training throughput over a sliding window of the last few metric reads. Rates measured
// over a window, not between two reads, stay smooth when the CPU queues steps ahead and
// then waits for the GPU (bursts); evaluation pauses are skipped, not counted. A window
// opens after the first step of a run (that step traces the compiled step and compiles
// pipelines: start-up, not training) and never spans a Step press: a rate needs two stamps
// of one uninterrupted run, and a report without them says so (`timed: false`) instead of
// dividing one step by the time it took to queue it.
import type { Counters } from '../engine/backend';

export interface Rates {
  samplesPerSec: number;
  msPerStep: number;
  /** Achieved GFLOP/s from the step's FLOPs (nn/shapes.ts trainingFlops). */
  gflops: number;
  dispatchesPerStep: number;
  submitsPerStep: number;
  readbacksPerStep: number;
  /** False when no training interval was measured (the rates are then 0, not estimates). */
  timed: boolean;
}

interface Stamp {
  /** Milliseconds (performance.now()). */
  time: number;
  step: number;
  counters: Counters;
}

const UNTIMED: Rates = Object.freeze({
  samplesPerSec: 0, msPerStep: 0, gflops: 0, dispatchesPerStep: 0, submitsPerStep: 0, readbacksPerStep: 0, timed: false,
});

/** How many stamps the window keeps. */
export const RATE_WINDOW = 6;

export class ThroughputWindow {
  private stamps: Stamp[] = [];

  constructor(
    private readonly batchSize: number,
    /** FLOPs of a training step per sample (trainingFlops: forward and the gradients computed). */
    private readonly flopsPerSample: number,
    private readonly size = RATE_WINDOW,
  ) {}

  /** Forgets every stamp: the next stamp opens the window (and is itself untimed). */
  clear(): void {
    this.stamps = [];
  }

  /** Whether a stamp opened the window since the last clear. */
  get open(): boolean {
    return this.stamps.length > 0;
  }

  /** Starts measuring afresh from this point (the first step of a run is done). */
  restart(time: number, step: number, counters: Counters): void {
    this.stamps = [{ time, step, counters: { ...counters } }];
  }

  /** The rates from the oldest stamp to this one; this one joins the window. */
  stamp(time: number, step: number, counters: Counters): Rates {
    const first = this.stamps[0];
    if (!first || step <= first.step) {
      if (!first) this.stamps.push({ time, step, counters: { ...counters } });
      return UNTIMED;
    }
    const dt = Math.max(1e-6, (time - first.time) / 1000);
    const dSteps = step - first.step;
    const per = (k: keyof Counters) => (counters[k] - first.counters[k]) / dSteps;
    const samplesPerSec = (dSteps * this.batchSize) / dt;
    this.stamps.push({ time, step, counters: { ...counters } });
    if (this.stamps.length > this.size) this.stamps.shift();
    return {
      samplesPerSec,
      msPerStep: (dt * 1000) / dSteps,
      gflops: (this.flopsPerSample * samplesPerSec) / 1e9,
      dispatchesPerStep: per('dispatches'),
      submitsPerStep: per('submits'),
      readbacksPerStep: per('readbacks'),
      timed: true,
    };
  }

  /**
   * Moves the window past a pause of `ms` (an evaluation): the time spent is not training.
   * Restarting the window instead would measure the refilled queue and spike. `during`
   * is what the counters grew by in the pause (the evaluation's dispatches are not the
   * step's). `steps`: training steps taken in the pause that are not to be counted either
   * (a step timed kernel by kernel runs slower than the others).
   */
  skip(ms: number, during?: Counters, steps = 0): void {
    for (const s of this.stamps) {
      s.time += ms;
      s.step += steps;
      if (during) for (const k of Object.keys(during) as (keyof Counters)[]) s.counters[k] += during[k];
    }
  }
}

/**
 * The backend's counters less the work done outside the step (views such as the decision
 * boundary, which run on the trainer's backend between steps), so that the per-step
 * dispatch, submit and readback counts are the step's own.
 */
export class StepCounters {
  private readonly outside: Counters = { dispatches: 0, submits: 0, readbacks: 0 };

  constructor(private readonly counters: () => Counters) {}

  exclude(work: Counters): void {
    this.outside.dispatches += work.dispatches;
    this.outside.submits += work.submits;
    this.outside.readbacks += work.readbacks;
  }

  now(): Counters {
    const c = this.counters();
    const o = this.outside;
    return { dispatches: c.dispatches - o.dispatches, submits: c.submits - o.submits, readbacks: c.readbacks - o.readbacks };
  }
}

/** What the counters grew by from `before` to `after`. */
export function countersBetween(before: Counters, after: Counters): Counters {
  return { dispatches: after.dispatches - before.dispatches, submits: after.submits - before.submits, readbacks: after.readbacks - before.readbacks };
}
