// FGSM and PGD on the CPU: FGSM is its definition element by element; PGD stays inside the
// ε-ball and the pixel box; the units of ε follow the normalisation.
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../engine/cpu/backend';
import { Rng } from '../engine/random';
import { tidy } from '../engine/tensor';
import { adversarialExamples, attackSchedule, inputBoxOf } from './adversarial';
import { modelInputGradient } from './input-gradient';
import { randomModel } from './adversarial-test-helpers';

const IMAGE_STATS = { method: 'standard' as const, offset: [33.3], divisor: [78.6] };

function setup() {
  const b = createCpuBackend('f32');
  const m = randomModel(b, [4, 3, 1], [{ type: 'flatten' }, { type: 'dense', units: 8, activation: 'relu' }, { type: 'batchNorm' }, { type: 'dense', units: 3 }]);
  const box = inputBoxOf(true, IMAGE_STATS);
  const rng = new Rng(4);
  // Pixels 0..255 with some at the ends, normalised as the data loader does.
  const pixels = Array.from({ length: 6 * 12 }, (_, i) => (i % 7 === 0 ? 0 : i % 11 === 0 ? 255 : Math.floor(rng.range(0, 256))));
  const x = b.upload(Float32Array.from(pixels, (p) => (p - 33.3) / 78.6), [6, 4, 3, 1]);
  const y = b.upload([0, 1, 2, 0, 1, 2], [6], 'u32');
  const target = { model: m.model, weights: { params: m.params, state: m.state }, loss: { loss: 'softmaxCrossEntropy' as const, seed: 1 }, box };
  const pixel = (v: number) => (v * 78.6 + 33.3) / 255;
  return { b, x, y, target, pixels, pixel };
}

describe('attacks', () => {
  it('maps ε in pixels onto normalised images, and leaves feature data unclipped', () => {
    expect(inputBoxOf(true, IMAGE_STATS)).toEqual({ scale: 255 / 78.6, clip: { lo: Math.fround(-33.3 / 78.6), hi: Math.fround((255 - 33.3) / 78.6) } });
    expect(inputBoxOf(true, { method: 'scale', offset: [0], divisor: [255] })).toEqual({ scale: 1, clip: { lo: 0, hi: 1 } });
    expect(inputBoxOf(false, { method: 'standard', offset: [1, 2], divisor: [3, 4] })).toEqual({ scale: 1, clip: null });
    expect(attackSchedule({ method: 'pgd', epsilon: 0.1 })).toEqual({ steps: 10, stepSize: 0.025 });
    expect(attackSchedule({ method: 'fgsm', epsilon: 0.1, steps: 7 })).toEqual({ steps: 1, stepSize: 0.1 });
  });

  it('FGSM is clip(p + ε·sign(∇), 0, 1) in pixels, and ε = 0 changes nothing', () => {
    const { b, x, y, target, pixel } = setup();
    const g = tidy(() => b.readSync(modelInputGradient(target.model, target.weights, x, y, target.loss).grad));
    const xs = b.readSync(x);
    const eps = 0.07;
    const adv = b.readSync(adversarialExamples(target, x, y, { method: 'fgsm', epsilon: eps }));
    let moved = 0;
    for (let i = 0; i < xs.length; i++) {
      const expected = Math.min(1, Math.max(0, pixel(xs[i]) + eps * Math.sign(g[i])));
      expect(pixel(adv[i])).toBeCloseTo(expected, 5);
      if (Math.abs(pixel(adv[i]) - pixel(xs[i])) > 1e-6) moved++;
    }
    expect(moved).toBeGreaterThan(xs.length / 2);
    expect(Array.from(b.readSync(adversarialExamples(target, x, y, { method: 'fgsm', epsilon: 0 })))).toEqual(Array.from(xs));
  });

  it('PGD stays within ε of the original pixels and inside [0, 1], and raises the loss more than FGSM', () => {
    const { b, x, y, target, pixel } = setup();
    const xs = b.readSync(x);
    const eps = 0.05;
    const pgd = adversarialExamples(target, x, y, { method: 'pgd', epsilon: eps, steps: 8, stepSize: 0.02 });
    const fgsm = adversarialExamples(target, x, y, { method: 'fgsm', epsilon: eps });
    const adv = b.readSync(pgd);
    for (let i = 0; i < xs.length; i++) {
      const p = pixel(adv[i]);
      expect(Math.abs(p - pixel(xs[i]))).toBeLessThanOrEqual(eps + 1e-5);
      expect(p).toBeGreaterThanOrEqual(-1e-6);
      expect(p).toBeLessThanOrEqual(1 + 1e-6);
    }
    const lossAt = (v: typeof x) => tidy(() => b.readSync(modelInputGradient(target.model, target.weights, v, y, target.loss).loss)[0]);
    expect(lossAt(pgd)).toBeGreaterThanOrEqual(lossAt(fgsm));
    expect(lossAt(fgsm)).toBeGreaterThan(lossAt(x));
  });
});
