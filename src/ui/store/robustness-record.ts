import { ADVERSARIAL_METHODS } from '../../spec';
import type { AttackMethod, RobustAccuracy } from '../../worker/attack-protocol';

// A robustness curve ("Measure robustness": test accuracy under attack at each ε) as a run's
// record keeps it (`StoredRun.robustness`, optional: records from before it load as they
// are). One curve per attack method, the latest measured; the step says which weights it
// belongs to, so a run that trained on after the measurement does not keep a stale curve.

export interface RobustnessCurve {
  method: AttackMethod;
  /** ε in the order measured (pixels scaled to [0, 1] for images, normalised units otherwise). */
  epsilons: number[];
  /** Test accuracy under the attack at each ε, 0..1. */
  accuracies: number[];
  cleanAccuracy: number;
  /** The run's last reported step when it was measured. */
  step: number;
}

/** More ε than any grid of the page; bounds what a run file can make the page draw. */
export const MAX_CURVE_POINTS = 64;

export function curveOf(rows: readonly RobustAccuracy[], step: number): RobustnessCurve {
  return {
    method: rows[0]?.attack ?? 'fgsm',
    epsilons: rows.map((r) => r.epsilon),
    accuracies: rows.map((r) => r.robustAccuracy),
    cleanAccuracy: rows[0]?.cleanAccuracy ?? NaN,
    step,
  };
}

/** The curves with `curve` in place of any earlier one of its method. */
export function withCurve(curves: readonly RobustnessCurve[] | undefined, curve: RobustnessCurve): RobustnessCurve[] {
  return [...(curves ?? []).filter((c) => c.method !== curve.method), curve];
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const numbers = (v: unknown): number[] | null => (Array.isArray(v) && v.length > 0 && v.length <= MAX_CURVE_POINTS && v.every(finite) ? v : null);

/**
 * The valid curves of a stored value (a run file, a record from storage), or undefined when
 * there are none: anything malformed is left out rather than drawn.
 */
export function readCurves(value: unknown): RobustnessCurve[] | undefined {
  if (!Array.isArray(value)) return undefined;
  let out: RobustnessCurve[] = [];
  for (const c of value.slice(0, ADVERSARIAL_METHODS.length * 4)) {
    if (typeof c !== 'object' || c === null) continue;
    const r = c as Record<string, unknown>;
    const epsilons = numbers(r.epsilons);
    const accuracies = numbers(r.accuracies);
    const method = ADVERSARIAL_METHODS.find((m) => m === r.method);
    if (!method || !epsilons || !accuracies || epsilons.length !== accuracies.length || !finite(r.cleanAccuracy)) continue;
    const curve = { method, epsilons: [...epsilons], accuracies: [...accuracies], cleanAccuracy: r.cleanAccuracy, step: finite(r.step) ? r.step : 0 };
    out = withCurve(out, curve); // one per method: the last wins, as when measuring
  }
  return out.length ? out : undefined;
}

/** A run's curve for `method`, if it has a valid one. */
export function curveFor(run: { robustness?: unknown }, method: AttackMethod): RobustnessCurve | undefined {
  return readCurves(run.robustness)?.find((c) => c.method === method);
}
