// The worker's attack reporter against a real CPU trainer: the drawn image goes through the
// same attack as a test image of the same pixels, against the model's own prediction.
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../engine/cpu/backend';
import { normalizeSplits } from '../data/normalize';
import type { Dataset, Split } from '../data/types';
import { parseExperiment } from '../spec';
import { Trainer } from '../train/trainer';
import { AttackReporter } from './attack';
import type { AttackExample, AttackFromWorker } from './attack-protocol';

/** 12 raw 6x6 grey images (pixels 0..255) of 3 classes, the same set for training and test, standardised as the loader does. */
function rawImages(): Split {
  const n = 12;
  const make = (): Dataset => {
    const x = new Float32Array(n * 36);
    for (let i = 0; i < x.length; i++) x[i] = (i * 7919) % 256;
    return { task: 'classification', inputShape: [6, 6, 1], numClasses: 3, x, y: Uint32Array.from({ length: n }, (_, i) => i % 3), n, classNames: ['a', 'b', 'c'] };
  };
  const train = make();
  const test = make();
  const stats = normalizeSplits({ train, test }, 'standard');
  return { train, test, stats };
}

async function attackRun() {
  const experiment = parseExperiment({
    version: 1, seed: 3, data: { dataset: 'mnist', trainFraction: 0.5, normalize: 'standard' },
    model: { layers: [{ type: 'flatten' }, { type: 'dense', units: 8, activation: 'tanh' }, { type: 'dropout', rate: 0.3 }, { type: 'dense', units: 3 }] },
    loss: 'softmaxCrossEntropy', optimizer: { type: 'adam', lr: 0.03 }, training: { batchSize: 4, epochs: 15 }, backend: 'cpu',
  }).experiment!;
  const split = rawImages();
  const trainer = await Trainer.create(experiment, { backend: createCpuBackend('f32'), split, onEvent: () => {} });
  await trainer.run();
  const messages: AttackFromWorker[] = [];
  const reporter = new AttackReporter(trainer, experiment, split, (m) => messages.push(m));
  const example = async (...args: Parameters<AttackReporter['example']>): Promise<AttackExample | string> => {
    await reporter.example(...args);
    const m = messages.pop();
    if (m?.type !== 'attackExample') throw new Error('no answer');
    return m.example ?? m.message ?? 'failed';
  };
  return { trainer, split, example };
}

describe('AttackReporter', () => {
  it.each(['fgsm', 'pgd'] as const)('%s: a drawn image is attacked exactly as the test image of the same pixels, away from its own prediction', async (method) => {
    const { trainer, split, example } = await attackRun();
    const attack = { method, epsilon: 0.2, steps: 4 };
    let compared = 0;
    for (let i = 0; i < split.test.n; i++) {
      // The drawing pad's values: the raw pixels scaled to 0..1.
      const raw = Array.from({ length: 36 }, (_, k) => ((i * 36 + k) * 7919) % 256);
      const drawn = await example(1, { kind: 'drawn', pixels: raw.map((p) => p / 255) }, attack);
      const test = await example(2, { kind: 'test', index: i }, attack);
      if (typeof drawn === 'string' || typeof test === 'string') throw new Error(String(drawn));
      expect(drawn.source).toBe('drawn');
      expect(drawn.label).toBeNull();
      expect(test.label).toBe(i % 3);
      // The model's input is the test image's own: the same clean prediction.
      expect(drawn.clean).toEqual(test.clean);
      drawn.original.forEach((v, k) => expect(v).toBeCloseTo(raw[k], 3));
      test.original.forEach((v, k) => expect(v).toBeCloseTo(raw[k], 3));
      // Where the model is right, its own prediction is the label: the same attack, bit for bit.
      if (test.clean.predicted === test.label) {
        compared++;
        expect(drawn.adversarial).toEqual(test.adversarial);
        expect(drawn.perturbation).toEqual(test.perturbation);
        expect(drawn.attacked).toEqual(test.attacked);
      }
      // Untargeted against the clean prediction: the loss of that class rises, so its confidence falls.
      const cleanClass = drawn.clean.predicted;
      if (drawn.attacked.predicted === cleanClass) expect(drawn.attacked.confidence).toBeLessThanOrEqual(drawn.clean.confidence + 1e-6);
      const largest = Math.max(...drawn.perturbation.map(Math.abs));
      expect(largest).toBeLessThanOrEqual(0.2 + 1e-5);
      expect(largest).toBeGreaterThan(0.1);
    }
    expect(compared).toBeGreaterThan(split.test.n / 2);
    expect(await example(3, { kind: 'drawn', pixels: [0.5, 0.5] }, attack)).toMatch(/needs 36 pixels/);
    trainer.dispose();
  });
});
