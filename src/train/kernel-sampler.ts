// "GPU time per kernel", live: every few hundred steps of a run one step is timed dispatch by
// dispatch (CompiledStep.timeNextRun: the same commands, so the same results; losses, weights
// and the steps after it are what they would have been untimed). The timed step runs slower
// (a pass and two timestamps per dispatch), so the trainer keeps it out of the throughput
// window. Only a step that reads nothing back is timed: a reading step stamps the window.

/** What one timed step measured: GPU ms per dispatch, or null (no timestamp queries, the CPU). */
export interface KernelSample {
  /** The step just taken (1-based, as progress reports count). */
  step: number;
  times: Record<string, number> | null;
}

/** The first sample comes this early (the panel fills soon after Train), then every `every` steps. */
export const FIRST_KERNEL_SAMPLE = 20;

export class KernelSampler {
  private dueAt: number;

  constructor(private readonly every: number) {
    this.dueAt = Math.min(FIRST_KERNEL_SAMPLE, every);
  }

  /** Whether the step at 0-based `index` is the one to time; `quiet`: it reads nothing back and is no evaluation's. */
  due(index: number, quiet: boolean): boolean {
    return quiet && index >= this.dueAt;
  }

  /** The step at `index` was timed: the next one is due at the next multiple of `every`. */
  taken(index: number): void {
    this.dueAt = (Math.floor(index / this.every) + 1) * this.every;
  }

  /** Back to step 0 (Reset): the first sample comes early again. */
  reset(): void {
    this.dueAt = Math.min(FIRST_KERNEL_SAMPLE, this.every);
  }
}
