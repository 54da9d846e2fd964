import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../../spec';
import type { Experiment } from '../../spec';
import { addRun, keepRun, MAX_KEPT_RUNS, relabel, runLabel } from './compare';
import type { EvalPoint, ProgressPoint } from './run-slice';

const base = defaultExperiment();
const withOpt = (e: Experiment, patch: Partial<Experiment['optimizer']>): Experiment =>
  ({ ...e, optimizer: { ...e.optimizer, ...patch } as Experiment['optimizer'] });
const progress = (n: number): ProgressPoint[] => Array.from({ length: n }, (_, i) => ({ step: i + 1, trainLoss: 1 / (i + 1) }) as ProgressPoint);
const evals = (n: number): EvalPoint[] => Array.from({ length: n }, (_, i) => ({ step: (i + 1) * 10, testLoss: 0.5, testAccuracy: 0.9 }) as EvalPoint);

describe('compare runs', () => {
  it('labels a run by optimizer, lr, batch and seed, plus what else differs', () => {
    const o = base.optimizer;
    expect(runLabel(base, base)).toBe(`${o.type} lr ${o.lr} · batch ${base.training.batchSize} · seed ${base.seed}`);
    const other = { ...base, training: { ...base.training, epochs: base.training.epochs + 3 } };
    expect(runLabel(base, other)).toContain(`· ${base.training.epochs} epochs`);
    const fewer = { ...base, model: { ...base.model, layers: base.model.layers.slice(1) } };
    expect(runLabel(base, fewer)).toContain(`model of ${base.model.layers.length} layers`);
  });

  it('numbers labels that would read the same', () => {
    const a = keepRun(base, progress(5), evals(1), null)!;
    const b = keepRun(base, progress(5), evals(1), null)!;
    const runs = relabel([b, a], base);
    expect(runs[1].label).not.toContain('(2)');
    expect(runs[0].label).toMatch(/\(2\)$/);
  });

  it('keeps the newest five, with final metrics and decimated series', () => {
    let runs = addRun([], keepRun(base, [], [], null), base);
    expect(runs).toEqual([]); // a run without a point is not kept
    for (let i = 0; i < MAX_KEPT_RUNS + 2; i++) runs = addRun(runs, keepRun(withOpt(base, { lr: 0.001 * (i + 1) }), progress(1000), evals(3), null), base);
    expect(runs).toHaveLength(MAX_KEPT_RUNS);
    expect(runs[0].label).toMatch(/lr 0\.007/);
    expect(runs[0].train.length).toBeLessThanOrEqual(301);
    expect(runs[0].final).toMatchObject({ steps: 1000, testLoss: 0.5, testAccuracy: 0.9 });
  });
});
