// When to stop before the last epoch: the experiment's target loss and early stopping
// (`training.targetLoss`, `training.earlyStopping`), judged at each evaluation.
import type { TrainingSpec } from '../spec';

export type StopReason = 'earlyStopping' | 'targetLoss';

/** Early stopping's memory: the best value so far (Infinity before any) and the evaluations since. */
export interface StoppingProgress {
  best: number;
  evalsWithoutImprovement: number;
}

/** Improvements smaller than this do not count (rounding noise in the metric). */
const MIN_IMPROVEMENT = 1e-12;

export class StoppingRules {
  private best = Infinity;
  private evalsWithoutImprovement = 0;
  private stopReason: StopReason | null = null;

  constructor(private readonly training: TrainingSpec) {}

  /** Why training should stop, once a rule has fired (it stays fired until reset). */
  get reason(): StopReason | null {
    return this.stopReason;
  }

  /** Judges one evaluation. */
  observe(m: { testLoss: number; testAccuracy?: number }): void {
    const t = this.training;
    if (t.targetLoss !== undefined && m.testLoss <= t.targetLoss) this.stopReason = 'targetLoss';
    const es = t.earlyStopping;
    if (!es) return;
    // Lower is better for both metrics once accuracy is negated.
    const value = es.metric === 'testAccuracy' ? -(m.testAccuracy ?? 0) : m.testLoss;
    if (value < this.best - MIN_IMPROVEMENT) {
      this.best = value;
      this.evalsWithoutImprovement = 0;
    } else if (++this.evalsWithoutImprovement >= es.patience) this.stopReason ??= 'earlyStopping';
  }

  /** What the rules have seen, for a checkpoint: a resumed run stops where the whole one would. */
  save(): StoppingProgress {
    return { best: this.best, evalsWithoutImprovement: this.evalsWithoutImprovement };
  }

  restore(p: StoppingProgress | undefined): void {
    this.reset();
    if (!p) return;
    this.best = p.best;
    this.evalsWithoutImprovement = p.evalsWithoutImprovement;
  }

  reset(): void {
    this.best = Infinity;
    this.evalsWithoutImprovement = 0;
    this.stopReason = null;
  }
}
