// WebGPU optimizer kernels vs the CPU reference: every rule for 3 steps over a flat buffer
// of several aligned views (allocFlat), with and without a clipping gradScale, plus
// sumSquares and clipFactor on odd sizes.
import { describe, expect, it } from 'vitest';
import { gpuBackend } from './test-backend';
import { createCpuBackend } from '../cpu/backend';
import { closeness } from '../../testdata/goldens';
import { OPTIMIZER_RULES, OPTIMIZER_STATE_SLOTS, type OptimizerRule } from '../kernels/optim';
import { clipGradNormFactor, optimizerStep, writeOptimHyper, type OptimHyperValues } from '../ops/optim';
import { Rng } from '../random';
import { sizeOf, type Shape } from '../shape';
import type { Backend } from '../backend';
import type { Tensor } from '../tensor';

const cpu = createCpuBackend('f32');
const SHAPES: Shape[] = [[3, 5], [17], [1000], [33, 7]];

function flatBuffers(b: Backend, values: Float32Array[]): { flat: Tensor; views: Tensor[] } {
  const buf = b.allocFlat(SHAPES);
  buf.views.forEach((v, i) => b.copy(b.upload(values[i], SHAPES[i]), v));
  return buf;
}

const hyperFor = (rule: OptimizerRule, step: number): OptimHyperValues => ({
  lr: rule.startsWith('adam') || rule === 'rmsprop' ? 0.01 : 0.1 / step,
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  weightDecay: 0.05,
  l1: 0.001,
  l2: 0.002,
  alpha: 0.99,
  step,
});

describe('WebGPU fused optimizer vs CPU (flat buffer of 4 views, 3 steps)', () => {
  for (const rule of OPTIMIZER_RULES) {
    for (const clip of [false, true]) {
      it(`${rule}${clip ? ' with gradScale (clipping)' : ''}`, async () => {
        const g = await gpuBackend();
        const rng = new Rng(rule.length * 31 + (clip ? 1 : 0));
        const rand = (s: Shape, scale: number) => Float32Array.from({ length: sizeOf(s) }, () => rng.range(-scale, scale));
        const p0 = SHAPES.map((s) => rand(s, 1));
        const both = [g, cpu].map((b) => {
          const params = flatBuffers(b, p0);
          const slots = Array.from({ length: OPTIMIZER_STATE_SLOTS[rule] }, () => b.allocFlat(SHAPES));
          return { b, params, slots, grads: b.allocFlat(SHAPES), hyper: b.createUniforms(12) };
        });
        for (let step = 1; step <= 3; step++) {
          const grads = SHAPES.map((s) => rand(s, 0.5));
          for (const x of both) {
            grads.forEach((v, i) => x.b.copy(x.b.upload(v, SHAPES[i]), x.grads.views[i]));
            writeOptimHyper(x.hyper, hyperFor(rule, step));
            const scale = clip ? clipGradNormFactor(x.grads.flat, 2) : undefined;
            optimizerStep(rule, x.params.flat, x.grads.flat, x.slots.map((s) => s.flat), x.hyper, scale);
          }
        }
        const [gp, cp] = both;
        for (let i = 0; i < SHAPES.length; i++) {
          const what = `param ${i} [${SHAPES[i]}]`;
          expect(closeness(await gp.params.views[i].read(), cpu.readSync(cp.params.views[i]), 1e-4, 1e-5), what).toBeLessThanOrEqual(1);
          for (let k = 0; k < gp.slots.length; k++) {
            const got = await gp.slots[k].views[i].read();
            expect(closeness(got, cpu.readSync(cp.slots[k].views[i]), 1e-4, 1e-6), `${what} state ${k}`).toBeLessThanOrEqual(1);
          }
        }
        // The padding between views stays zero (zero gradient and zero state).
        const flat = await gp.params.flat.read();
        expect(flat[15]).toBe(0);
        expect(flat[63]).toBe(0);
      });
    }
  }
});

describe('WebGPU sumSquares and clipFactor vs CPU', () => {
  it('sums squares deterministically on odd sizes (one and two levels)', async () => {
    const g = await gpuBackend();
    const rng = new Rng(5);
    for (const n of [1, 17, 1000, 1025, 300_001]) {
      const data = Float32Array.from({ length: n }, () => rng.range(-1, 1));
      const x = g.upload(data, [n]);
      const s = await g.sumSquares(x).read();
      expect(closeness(s, cpu.readSync(cpu.sumSquares(cpu.upload(data, [n]))), 1e-5, 0), `n = ${n}`).toBeLessThanOrEqual(1);
      // Bit-reproducible run to run.
      expect((await g.sumSquares(x).read())[0]).toBe(s[0]);
    }
  });

  it('clipFactor = min(1, maxNorm / (sqrt(sumSq) + 1e-6))', async () => {
    const g = await gpuBackend();
    for (const [sumSq, maxNorm] of [[16, 1], [0.25, 1], [1e4, 5], [0, 1]]) {
      const got = (await g.clipFactor(g.upload([sumSq], [1]), maxNorm).read())[0];
      expect(got).toBeCloseTo(Math.min(1, maxNorm / (Math.sqrt(sumSq) + 1e-6)), 6);
    }
  });
});
