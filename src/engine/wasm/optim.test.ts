// The wasm fused optimizer updates vs the TypeScript reference (both f32 backends): every
// rule, several steps, odd sizes (the f64x2 kernel's odd tail), clipping, weight decay and
// the l1/l2 penalties, zero and negative weights. Same float64 operations in the same order,
// so the weights and the state must be equal bit for bit.
import { describe, expect, it } from 'vitest';
import { OPTIMIZER_RULES, OPTIMIZER_STATE_SLOTS, type OptimizerRule } from '../kernels/optim';
import { writeOptimHyper } from '../ops/optim';
import { createCpuBackend, type CpuBackend } from '../cpu/backend';
import { Rng } from '../random';
import { wasm } from './testing';

const SIZES = [1, 3, 7, 1000, 4099];

interface Setting {
  weightDecay: number;
  l1: number;
  l2: number;
  gradScale?: number;
}
const SETTINGS: Setting[] = [
  { weightDecay: 0, l1: 0, l2: 0 },
  { weightDecay: 0.01, l1: 1e-3, l2: 1e-2, gradScale: 0.37 },
];

/** `steps` updates on backend b from the same seeded weights and gradients; returns params and state values. */
function run(b: CpuBackend, rule: OptimizerRule, n: number, s: Setting, steps = 4): Float32Array[] {
  const rng = new Rng(n * 31 + rule.length);
  const w0 = Float32Array.from({ length: n }, (_, i) => (i % 11 === 0 ? 0 : rng.range(-1, 1)));
  const params = b.upload(w0, [n]);
  const state = Array.from({ length: OPTIMIZER_STATE_SLOTS[rule] }, () => b.zeros([n]));
  const hyper = b.createUniforms(12);
  const scale = s.gradScale === undefined ? undefined : b.upload([s.gradScale], [1]);
  for (let t = 1; t <= steps; t++) {
    writeOptimHyper(hyper, { lr: 0.01 * t, momentum: 0.9, beta1: 0.9, beta2: 0.999, eps: 1e-8, alpha: 0.99, weightDecay: s.weightDecay, l1: s.l1, l2: s.l2, step: t });
    const grads = b.upload(Float32Array.from({ length: n }, () => rng.range(-2, 2)), [n]);
    b.optimizerStep(rule, params, grads, state, hyper, scale);
  }
  return [params, ...state].map((x) => Float32Array.from(b.readSync(x)));
}

describe('wasm optimizer updates vs the TypeScript reference (bit for bit)', () => {
  const reference = createCpuBackend('f32');
  for (const rule of OPTIMIZER_RULES)
    for (const [k, setting] of SETTINGS.entries())
      it(`${rule}, setting ${k}, sizes ${SIZES.join(' ')}`, () => {
        for (const n of SIZES) {
          const want = run(reference, rule, n, setting);
          const got = run(wasm, rule, n, setting);
          got.forEach((g, i) => expect(Array.from(g), `${rule} n=${n} buffer ${i}`).toEqual(Array.from(want[i])));
        }
      });

  it('a gradScale of 0 (a step the guard stopped) changes nothing', () => {
    const p = wasm.upload([0.5, -0.25, 1], [3]);
    const state = [wasm.zeros([3]), wasm.zeros([3])];
    const hyper = wasm.createUniforms(12);
    writeOptimHyper(hyper, { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, step: 1 });
    wasm.optimizerStep('adam', p, wasm.upload([1, 1, 1], [3]), state, hyper, wasm.upload([0], [1]));
    expect(Array.from(wasm.readSync(p))).toEqual([0.5, -0.25, 1]);
  });

  it('updates the weights (the comparison is not of two no-ops)', () => {
    for (const rule of OPTIMIZER_RULES) {
      const [before] = run(wasm, rule, 7, SETTINGS[0], 0);
      const [after] = run(wasm, rule, 7, SETTINGS[0], 1);
      expect(after.filter((v, i) => v !== before[i]).length, rule).toBeGreaterThan(3);
    }
  });
});
