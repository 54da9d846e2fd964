import type { AttackMethod } from '../../../worker/attack-protocol';
import type { RobustnessCurve } from '../../store/robustness-record';

// What the Robustness region shows, apart from React: the current model's curve and those of
// the compared runs ("Compare <name>" in Run history) that were measured with the same attack,
// merged on the union of their ε (the grids may differ: a run measured on a 2-D set, or with
// another page version), one table column and one chart line per run.

/** A compared run as the region sees it: its curve for the chosen method, if it has one. */
export interface ComparedCurve {
  id: string;
  name: string;
  curve: RobustnessCurve | undefined;
  /** The methods it was measured with, to say why a curve is missing. */
  measuredWith: AttackMethod[];
}

export interface RobustnessRow {
  epsilon: number;
  /** The current model's clean and attacked accuracy (0..1), where its grid has this ε. */
  clean?: number;
  current?: number;
  /** One per overlaid run, in order; undefined where its grid lacks this ε. */
  runs: (number | undefined)[];
}

const at = (c: RobustnessCurve | undefined, epsilon: number) => {
  const i = c ? c.epsilons.indexOf(epsilon) : -1;
  return i >= 0 ? c!.accuracies[i] : undefined;
};

/** Every ε of the current curve and of the overlays, ascending, with each curve's value there. */
export function robustnessRows(current: RobustnessCurve | undefined, overlays: readonly RobustnessCurve[]): RobustnessRow[] {
  const epsilons = [...new Set([...(current?.epsilons ?? []), ...overlays.flatMap((o) => o.epsilons)])].sort((a, b) => a - b);
  return epsilons.map((epsilon) => {
    const value = at(current, epsilon);
    return {
      epsilon,
      ...(value !== undefined ? { clean: current!.cleanAccuracy, current: value } : {}),
      runs: overlays.map((o) => at(o, epsilon)),
    };
  });
}

/** Recharts rows: percentages, `current` and `run0`, `run1`… (lines connect over the gaps). */
export function chartRows(rows: readonly RobustnessRow[]): Record<string, number | undefined>[] {
  const pct = (v: number | undefined) => (v === undefined ? undefined : 100 * v);
  return rows.map((r) => ({ epsilon: r.epsilon, current: pct(r.current), ...Object.fromEntries(r.runs.map((v, i) => [`run${i}`, pct(v)])) }));
}

export const percent = (p: number) => `${(100 * p).toFixed(1)}%`;

const describe = (label: string, c: RobustnessCurve) => {
  const last = c.epsilons.length - 1;
  return `${label}: ${percent(c.cleanAccuracy)} clean; ${percent(c.accuracies[last])} at ε = ${c.epsilons[last]}.`;
};

/**
 * "FGSM: 91.3% clean; 0.0% at ε = 0.3. Run 1 · …: 90.2% clean; 2.0% at ε = 0.3. Run 2 · …:
 * robustness not measured." The current model first (or what a measurement would do).
 */
export function robustnessSummary(method: AttackMethod, current: RobustnessCurve | undefined, compared: readonly ComparedCurve[], grid: readonly number[]): string {
  const name = method.toUpperCase();
  const parts = [current ? describe(name, current) : `Measures test accuracy under attack at ε = ${grid.join(', ')}.`];
  for (const c of compared) {
    if (c.curve) parts.push(describe(c.name, c.curve));
    else if (c.measuredWith.length) parts.push(`${c.name}: robustness not measured with ${name} (only with ${c.measuredWith.map((m) => m.toUpperCase()).join(', ')}).`);
    else parts.push(`${c.name}: robustness not measured.`);
  }
  return parts.join(' ');
}
