import { describe, expect, it } from 'vitest';
import { expandFeatures, featureValue, isDefaultFeatures, modelInputs } from './features';
import { loadDataset } from './load';
import { memoryIo } from './io';
import { generateSynthetic } from './synthetic';
import { splitDataset } from './split';
import { fitNormalization } from './normalize';

describe('feature expansion', () => {
  it('computes each feature of the point, in the listed order', () => {
    const x = Float32Array.from([0.5, -2, 3, 1]);
    const out = expandFeatures(x, ['x1', 'x2', 'x1Squared', 'x2Squared', 'x1TimesX2', 'sinX1', 'sinX2']);
    expect(Array.from(out)).toEqual(Array.from(Float32Array.from([
      0.5, -2, 0.25, 4, -1, Math.sin(0.5), Math.sin(-2),
      3, 1, 9, 1, 3, Math.sin(3), Math.sin(1),
    ])));
    expect(Array.from(expandFeatures(x, ['sinX2', 'x1']))).toEqual(Array.from(Float32Array.from([Math.sin(-2), 0.5, Math.sin(1), 3])));
    expect(featureValue('x1TimesX2', 2, 3)).toBe(6);
    expect(isDefaultFeatures(['x1', 'x2'])).toBe(true);
    expect(isDefaultFeatures(['x2', 'x1'])).toBe(false);
  });

  it('the loader normalises x1, x2 with the training statistics first, then expands', async () => {
    const data = { dataset: 'circle' as const, noise: 0.1, trainFraction: 0.5, normalize: 'standard' as const, features: ['x1Squared' as const, 'x1TimesX2' as const, 'x2' as const] };
    const split = await loadDataset(data, 5, memoryIo({}), { syntheticSamples: 200 });
    // The same by hand: generate, split, fit on the raw training points, normalise, expand.
    const raw = splitDataset(generateSynthetic('circle', { seed: 5, noise: 0.1, n: 200 }), { seed: 5, trainFraction: 0.5 });
    const stats = fitNormalization(raw.train, 'standard');
    expect(split.stats).toEqual(stats);
    expect(split.train.inputShape).toEqual([3]);
    expect(split.test.inputShape).toEqual([3]);
    for (const [name, ds] of [['train', raw.train], ['test', raw.test]] as const) {
      const n = ds.n;
      const expected = new Float32Array(n * 3);
      for (let i = 0; i < n; i++) {
        const x1 = Math.fround((ds.x[2 * i] - stats.offset[0]) / stats.divisor[0]);
        const x2 = Math.fround((ds.x[2 * i + 1] - stats.offset[1]) / stats.divisor[1]);
        expected.set([x1 * x1, x1 * x2, x2], 3 * i);
      }
      expect(Array.from(split[name].x), name).toEqual(Array.from(expected));
      // The raw points are kept for the views, and modelInputs maps them the same way.
      expect(Array.from(split.points![name])).toEqual(Array.from(ds.x));
      expect(Array.from(modelInputs(split.points![name], split.stats, data.features))).toEqual(Array.from(expected));
    }
  });

  it('without the field (or with x1, x2) the data are exactly as before', async () => {
    const base = { dataset: 'spiral' as const, noise: 0.2, trainFraction: 0.8, normalize: 'scale' as const };
    const plain = await loadDataset(base, 9, memoryIo({}), { syntheticSamples: 120 });
    const explicit = await loadDataset({ ...base, features: ['x1', 'x2'] }, 9, memoryIo({}), { syntheticSamples: 120 });
    const raw = splitDataset(generateSynthetic('spiral', { seed: 9, noise: 0.2, n: 120 }), { seed: 9, trainFraction: 0.8 });
    expect(plain.train.inputShape).toEqual([2]);
    expect(Array.from(explicit.train.x)).toEqual(Array.from(plain.train.x));
    expect(Array.from(modelInputs(plain.points!.train, plain.stats, ['x1', 'x2']))).toEqual(Array.from(plain.train.x));
    expect(Array.from(plain.points!.test)).toEqual(Array.from(raw.test.x));
  });
});
