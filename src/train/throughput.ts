// Training throughput over a sliding window of the last few metric reads. Rates measured
// over a window, not between two reads, stay smooth when the CPU queues steps ahead and
// then waits for the GPU (bursts); evaluation pauses are skipped, not counted.
import type { Counters } from '../engine/backend';

export interface Rates {
  samplesPerSec: number;
  msPerStep: number;
  /** Achieved GFLOP/s from the model's forward+backward FLOPs (3x forward). */
  gflops: number;
  dispatchesPerStep: number;
  submitsPerStep: number;
  readbacksPerStep: number;
}

interface Stamp {
  /** Milliseconds (performance.now()). */
  time: number;
  step: number;
  counters: Counters;
}

/** How many stamps the window keeps. */
export const RATE_WINDOW = 6;

export class ThroughputWindow {
  private stamps: Stamp[] = [];

  constructor(
    private readonly batchSize: number,
    /** Forward FLOPs per sample. */
    private readonly flopsPerSample: number,
    private readonly size = RATE_WINDOW,
  ) {}

  /** Starts measuring afresh from this point (a run or a single step begins). */
  restart(time: number, step: number, counters: Counters): void {
    this.stamps = [{ time, step, counters: { ...counters } }];
  }

  /** The rates from the oldest stamp to this one; this one joins the window. */
  stamp(time: number, step: number, counters: Counters): Rates {
    const first = this.stamps[0] ?? { time, step, counters };
    const dt = Math.max(1e-6, (time - first.time) / 1000);
    const dSteps = step - first.step;
    const per = (k: keyof Counters) => (counters[k] - first.counters[k]) / Math.max(1, dSteps);
    const samplesPerSec = (dSteps * this.batchSize) / dt;
    this.stamps.push({ time, step, counters: { ...counters } });
    if (this.stamps.length > this.size) this.stamps.shift();
    return {
      samplesPerSec,
      msPerStep: (dt * 1000) / Math.max(1, dSteps),
      gflops: (3 * this.flopsPerSample * samplesPerSec) / 1e9,
      dispatchesPerStep: per('dispatches'),
      submitsPerStep: per('submits'),
      readbacksPerStep: per('readbacks'),
    };
  }

  /**
   * Moves the window past a pause of `ms` (an evaluation): the time spent is not training.
   * Restarting the window instead would measure the refilled queue and spike.
   */
  skip(ms: number): void {
    for (const s of this.stamps) s.time += ms;
  }
}
