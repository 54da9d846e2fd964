// training.adversarial on the CPU: absent or fraction 0 trains bit for bit like before; FGSM
// and PGD training raise accuracy under attack at their ε over the same plain run.
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../engine/cpu/backend';
import { loadDataset } from '../data/load';
import { nodeIo } from '../data/node-io';
import type { ExperimentInput } from '../spec';
import { experimentOf } from './test-helpers';
import { Trainer } from './trainer';

const base = (adversarial?: NonNullable<ExperimentInput['training']['adversarial']>): ExperimentInput => ({
  version: 1,
  seed: 7,
  data: { dataset: 'circle', noise: 0.05, trainFraction: 0.5, normalize: 'standard' },
  model: { layers: [{ type: 'dense', units: 16, activation: 'tanh' }, { type: 'dropout', rate: 0.1 }, { type: 'dense', units: 2 }] },
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'adam', lr: 0.03 },
  training: { batchSize: 25, epochs: 30, ...(adversarial ? { adversarial } : {}) },
  backend: 'cpu',
});

async function trained(input: ExperimentInput) {
  const experiment = experimentOf(input);
  const split = await loadDataset(experiment.data, experiment.seed, nodeIo(process.cwd()));
  const losses: number[] = [];
  const t = await Trainer.create(experiment, { backend: createCpuBackend('f32'), split, onEvent: (e) => { if (e.kind === 'progress') losses.push(e.trainLoss); } });
  await t.run();
  return { t, losses, weights: (await t.exportWeights()).map((w) => Array.from(w.data)) };
}

describe('adversarial training', () => {
  it('defaults fraction to 0.5; with fraction 0 it is plain training bit for bit', async () => {
    expect(experimentOf(base({ method: 'fgsm', epsilon: 0.1 })).training.adversarial).toEqual({ method: 'fgsm', epsilon: 0.1, fraction: 0.5 });
    expect('adversarial' in experimentOf(base()).training).toBe(false);
    const plain = await trained(base());
    const none = await trained(base({ method: 'pgd', epsilon: 0.3, fraction: 0 }));
    expect(none.losses).toEqual(plain.losses);
    expect(none.weights).toEqual(plain.weights);
    plain.t.dispose();
    none.t.dispose();
  });

  it('attacks one sample: the clean output is the model\'s, and a large ε moves it across the boundary', async () => {
    const { t } = await trained(base());
    const exp = experimentOf(base());
    const split = await loadDataset(exp.data, exp.seed, nodeIo(process.cwd()));
    const x = Array.from(split.test.x.subarray(0, 2));
    const label = split.test.y[0];
    const zero = await t.attackSample(x, label, { method: 'fgsm', epsilon: 0 });
    expect(Array.from(zero.adversarial)).toEqual(x.map(Math.fround));
    expect(Array.from(zero.attacked)).toEqual(Array.from(zero.clean));
    expect(Array.from(zero.clean)).toEqual(Array.from(await t.inspect((i) => i.predict(x, 1))));
    const big = await t.attackSample(x, label, { method: 'pgd', epsilon: 1.5, steps: 20 });
    const argmax = (v: Float32Array) => (v[1] > v[0] ? 1 : 0);
    expect(argmax(big.clean)).toBe(label);
    expect(argmax(big.attacked)).not.toBe(label);
    expect(Math.max(...big.adversarial.map((v, i) => Math.abs(v - x[i])))).toBeLessThanOrEqual(1.5 + 1e-5);
    t.dispose();
  });

  it.each(['fgsm', 'pgd'] as const)('%s training raises accuracy under attack at its ε', async (method) => {
    const epsilon = 0.5;
    const attack = { method, epsilon, steps: 5 };
    const plain = await trained(base());
    const hardened = await trained(base({ ...attack, fraction: 0.5 }));
    const p = await plain.t.robustness(attack);
    const h = await hardened.t.robustness(attack);
    expect(h.robustAccuracy).toBeGreaterThan(p.robustAccuracy + 0.03);
    expect(hardened.losses).not.toEqual(plain.losses);
    plain.t.dispose();
    hardened.t.dispose();
  });
});
