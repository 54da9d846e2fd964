// CPU optimizer kernels against torch.optim goldens: every rule, weight decay, clipping and
// schedule case for 5 steps, with the hyper block written per step from lrPerStep.
import { describe, expect, it } from 'vitest';
import { closeness, optimCases, toFloat32, type OptimCase } from '../../testdata/goldens';
import { OPTIMIZER_STATE_SLOTS, type OptimizerRule } from '../kernels/optim';
import { clipGradNormFactor, optimizerStep, writeOptimHyper } from '../ops/optim';
import { createCpuBackend } from './backend';

function runCase(c: OptimCase, precision: 'f32' | 'f64'): number {
  const b = createCpuBackend(precision);
  const shapes = c.params0.map((p) => p.shape);
  const params = b.allocFlat(shapes);
  const grads = b.allocFlat(shapes);
  c.params0.forEach((p, i) => b.copy(b.upload(toFloat32(p), p.shape), params.views[i]));
  const rule = c.optimizer.type as OptimizerRule;
  const state = Array.from({ length: OPTIMIZER_STATE_SLOTS[rule] }, () => b.zeros(params.flat.shape));
  const hyper = b.createUniforms(12);
  const o = c.optimizer;
  let worst = 0;
  for (let s = 0; s < c.lrPerStep.length; s++) {
    writeOptimHyper(hyper, {
      lr: c.lrPerStep[s],
      momentum: o.momentum ?? 0,
      beta1: o.beta1 ?? 0.9,
      beta2: o.beta2 ?? 0.999,
      eps: o.eps ?? (rule === 'adagrad' ? 1e-10 : 1e-8),
      weightDecay: o.weightDecay ?? 0,
      alpha: o.alpha ?? 0.99,
      step: s + 1,
    });
    c.gradsPerStep[s].forEach((g, i) => b.copy(b.upload(toFloat32(g), g.shape), grads.views[i]));
    let scale;
    if (c.clipGradNorm !== undefined) {
      const norm = Math.sqrt(b.readSync(b.sumSquares(grads.flat))[0]);
      expect(closeness([norm], [c.gradNormPerStep![s]])).toBeLessThanOrEqual(1);
      scale = clipGradNormFactor(grads.flat, c.clipGradNorm);
    }
    optimizerStep(rule, params.flat, grads.flat, state, hyper, scale);
    c.paramsAfter[s].forEach((p, i) => (worst = Math.max(worst, closeness(b.readSync(params.views[i]), p.data))));
  }
  return worst;
}

describe('CPU optimizers vs torch.optim (5 steps)', () => {
  it('covers every rule', () => {
    const rules = new Set(optimCases.map((c) => c.optimizer.type));
    expect([...rules].sort()).toEqual(['adagrad', 'adam', 'adamw', 'momentum', 'nesterov', 'rmsprop', 'sgd']);
  });
  for (const c of optimCases) {
    it(c.name, () => {
      expect(runCase(c, 'f32')).toBeLessThanOrEqual(1);
      expect(runCase(c, 'f64')).toBeLessThanOrEqual(1);
    });
  }

  it('applies l1 and l2 penalties to the gradient (g += l1·sign(w) + 2·l2·w)', () => {
    const b = createCpuBackend('f64');
    const p = b.upload([0.5, -2, 0], [3]);
    const hyper = b.createUniforms(12);
    writeOptimHyper(hyper, { lr: 0.1, l1: 0.01, l2: 0.25, step: 1 });
    optimizerStep('sgd', p, b.upload([1, 1, 1], [3]), [], hyper);
    const expected = [0.5 - 0.1 * (1 + 0.01 + 0.5 * 0.5), -2 - 0.1 * (1 - 0.01 - 0.5 * 2), 0 - 0.1];
    expect(closeness(b.readSync(p), expected, 1e-6)).toBeLessThanOrEqual(1);
  });

  it('clipFactor is min(1, maxNorm / (norm + 1e-6))', () => {
    const b = createCpuBackend('f64');
    expect(b.readSync(b.clipFactor(b.upload([16], [1]), 1))[0]).toBeCloseTo(1 / (4 + 1e-6), 12);
    expect(b.readSync(b.clipFactor(b.upload([0.25], [1]), 1))[0]).toBe(1);
  });
});
