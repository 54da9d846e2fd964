// Learning-rate schedules. `step` is the 0-based optimizer step. Warmup ramps linearly:
// step s < W gets lr·(s+1)/W (step W-1 reaches the full rate); after warmup the count
// restarts (t = s - W) and the schedule applies: step lr·γ^floor(t/stepSize),
// exponential lr·γ^t, cosine lr·(1 + cos(π·t/(T-W)))/2 reaching 0 at T (totalSteps).
// The PyTorch goldens (src/testdata/goldens/optim.json) use exactly this rule.
import type { ScheduleSpec } from '../spec';

export function learningRateAt(schedule: ScheduleSpec, baseLr: number, step: number, totalSteps: number): number {
  const warmup = schedule.warmupSteps ?? 0;
  if (step < warmup) return (baseLr * (step + 1)) / warmup;
  const t = step - warmup;
  switch (schedule.type) {
    case 'constant':
      return baseLr;
    case 'step':
      return baseLr * (schedule.gamma ?? 0.1) ** Math.floor(t / (schedule.stepSize ?? 1000));
    case 'exponential':
      return baseLr * (schedule.gamma ?? 0.999) ** t;
    case 'cosine': {
      const span = Math.max(1, totalSteps - warmup);
      return baseLr * 0.5 * (1 + Math.cos((Math.PI * Math.min(t, span)) / span));
    }
  }
}
