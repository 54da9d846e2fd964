// The human progress display: on a terminal one line redrawn in place (at most ~10 times a
// second); otherwise (a log file, CI) a line after each evaluation and every few seconds.

import type { TrainEvent } from '../train/types';
import type { OutputStream } from './deps';
import { formatLoss, formatPercent, si } from './format';

export interface ProgressPlan {
  epochs: number;
  totalSteps: number;
}

const TTY_INTERVAL_MS = 100;
const LOG_INTERVAL_MS = 5000;
const BAR_WIDTH = 20;

export class ProgressView {
  private trainLoss = NaN;
  private samplesPerSec = 0;
  private epoch = 0;
  private step = 0;
  private test: string | null = null;
  private lastDraw = -Infinity;
  private drawn = false;

  constructor(private readonly out: OutputStream, private readonly plan: ProgressPlan, private readonly now: () => number) {}

  onEvent(e: TrainEvent): void {
    if (e.kind === 'hyper') return;
    this.epoch = e.epoch;
    this.step = e.step;
    this.trainLoss = e.trainLoss;
    if (e.kind === 'progress') this.samplesPerSec = e.samplesPerSec;
    else {
      this.test = e.testAccuracy !== undefined ? `test acc ${formatPercent(e.testAccuracy)}`
        : e.testMse !== undefined ? `test mse ${formatLoss(e.testMse)}` : `test loss ${formatLoss(e.testLoss)}`;
    }
    const t = this.now();
    if (this.out.isTTY) {
      if (t - this.lastDraw >= TTY_INTERVAL_MS || e.kind === 'eval') this.draw(t);
    } else if (e.kind === 'eval' || t - this.lastDraw >= LOG_INTERVAL_MS) {
      this.draw(t);
    }
  }

  /** Ends the redrawn line so that what follows starts on a fresh one. */
  finish(): void {
    if (this.out.isTTY && this.drawn) this.out.write('\n');
    this.drawn = false;
  }

  line(): string {
    const { epochs, totalSteps } = this.plan;
    const fraction = totalSteps > 0 ? Math.min(1, this.step / totalSteps) : 0;
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
    const width = String(epochs).length;
    return [
      `epoch ${String(this.epoch).padStart(width)}/${epochs}`,
      bar,
      `${Math.floor(100 * fraction).toString().padStart(3)}%`,
      `loss ${formatLoss(this.trainLoss)}`,
      ...(this.test ? [this.test] : []),
      `${si(this.samplesPerSec)} samples/s`,
    ].join('  ');
  }

  private draw(t: number): void {
    this.lastDraw = t;
    if (this.out.isTTY) {
      // NOTE: \r + "erase line" redraws in place; clip to the terminal so it never wraps.
      const columns = this.out.columns || 120; // 0 when the terminal does not say
      this.out.write(`\r\x1b[2K${this.line().slice(0, Math.max(20, columns - 1))}`);
      this.drawn = true;
    } else {
      this.out.write(`${this.line()}\n`);
    }
  }
}
