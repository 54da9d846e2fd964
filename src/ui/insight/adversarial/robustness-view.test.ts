import { describe, expect, it } from 'vitest';
import type { RobustnessCurve } from '../../store/robustness-record';
import { chartRows, robustnessRows, robustnessSummary } from './robustness-view';

const curve = (epsilons: number[], accuracies: number[], method: 'fgsm' | 'pgd' = 'fgsm'): RobustnessCurve =>
  ({ method, epsilons, accuracies, cleanAccuracy: accuracies[0], step: 10 });
const GRID = [0, 0.1, 0.2];

describe('the Robustness region with compared runs', () => {
  const current = curve([0, 0.1, 0.2], [0.9, 0.5, 0.1]);
  const hardened = curve([0, 0.1, 0.2], [0.88, 0.7, 0.4]);
  const otherGrid = curve([0, 0.15, 0.3], [0.8, 0.3, 0.0]);

  it('one row per ε of any curve, one value per overlaid run (none where its grid lacks the ε)', () => {
    const rows = robustnessRows(current, [hardened, otherGrid]);
    expect(rows.map((r) => r.epsilon)).toEqual([0, 0.1, 0.15, 0.2, 0.3]);
    expect(rows[1]).toEqual({ epsilon: 0.1, clean: 0.9, current: 0.5, runs: [0.7, undefined] });
    expect(rows[2]).toEqual({ epsilon: 0.15, runs: [undefined, 0.3] });
    expect(robustnessRows(undefined, [otherGrid]).map((r) => r.runs[0])).toEqual([0.8, 0.3, 0.0]);
    expect(robustnessRows(current, [])).toHaveLength(3);
    expect(robustnessRows(undefined, [])).toEqual([]);
    expect(chartRows(rows)[1]).toEqual({ epsilon: 0.1, current: 50, run0: 70, run1: undefined });
  });

  it('the summary names each compared run: its figures, or that it was not measured', () => {
    const compared = [
      { id: 'a', name: 'Run 1 · adam', curve: hardened, measuredWith: ['fgsm' as const] },
      { id: 'b', name: 'Run 2 · sgd', curve: undefined, measuredWith: [] },
      { id: 'c', name: 'Run 3 · pgd', curve: undefined, measuredWith: ['pgd' as const] },
    ];
    expect(robustnessSummary('fgsm', current, compared, GRID)).toBe(
      'FGSM: 90.0% clean; 10.0% at ε = 0.2. Run 1 · adam: 88.0% clean; 40.0% at ε = 0.2. '
      + 'Run 2 · sgd: robustness not measured. Run 3 · pgd: robustness not measured with FGSM (only with PGD).',
    );
    expect(robustnessSummary('pgd', undefined, [], GRID)).toBe('Measures test accuracy under attack at ε = 0, 0.1, 0.2.');
  });
});
