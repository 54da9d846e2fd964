// Inspections (layer outputs, predictions, parameters: inspect.ts) asked for while the loop
// runs wait here and run between two steps, never inside one; when the loop is idle they
// run at once. Their time is not training time: the trainer skips it in the throughput.
import type { Inspector } from './inspect';

export class InspectionQueue {
  private queue: (() => Promise<void>)[] = [];

  constructor(private readonly inspector: Inspector) {}

  get pending(): boolean {
    return this.queue.length > 0;
  }

  /** Runs `fn` at once when `idle`, else once the loop calls runAll between two steps. */
  ask<T>(idle: boolean, fn: (inspector: Inspector) => Promise<T>): Promise<T> {
    if (idle) return fn(this.inspector);
    return new Promise<T>((resolve, reject) => {
      this.queue.push(() => fn(this.inspector).then(resolve, reject));
    });
  }

  /** Runs every waiting inspection, in order; returns the milliseconds they took. */
  async runAll(): Promise<number> {
    const started = performance.now();
    while (this.queue.length) await this.queue.shift()!();
    return performance.now() - started;
  }
}
