import { describe, expect, test } from 'vitest';
import { findPreset, presets } from './presets';
import { validateExperiment } from './validate';

const LIMITS = { maxStorageBufferBindingSize: 128 * 2 ** 20, maxBufferSize: 256 * 2 ** 20 };

// Parameters and forward FLOPs per sample, counted by hand (see the sums).
const expected: Record<string, { params: number; flops: number; output: number[] }> = {
  spiral: { params: (2 * 16 + 16) + (16 * 16 + 16) + (16 * 2 + 2), flops: 2 * (32 + 256 + 32), output: [2] },
  circle: { params: 12 + 10, flops: 2 * (8 + 8), output: [2] },
  xor: { params: 24 + 9, flops: 2 * (16 + 8), output: [1] },
  gauss: { params: 6 + 6, flops: 2 * (4 + 4), output: [2] },
  plane: { params: 12 + 5, flops: 2 * (8 + 4), output: [1] },
  multigauss: { params: 48 + 272 + 17, flops: 2 * (32 + 256 + 16), output: [1] },
  'mnist-mlp': { params: 784 * 128 + 128 + 128 * 10 + 10, flops: 2 * (784 * 128 + 1280), output: [10] },
  'mnist-mlp-adversarial': { params: 784 * 128 + 128 + 128 * 10 + 10, flops: 2 * (784 * 128 + 1280), output: [10] },
  // conv 5x5x8: 28 -> 24, pool -> 12, conv 5x5x16 -> 8, pool -> 4; 4*4*16 = 256 -> 10.
  'mnist-cnn': { params: 208 + 3216 + 2570, flops: 2 * (24 * 24 * 8 * 25 + 8 * 8 * 16 * 200 + 2560), output: [10] },
  'fashion-mlp': { params: 200960 + 32896 + 12900 + 1010, flops: 2 * (784 * 256 + 256 * 128 + 128 * 100 + 1000), output: [10] },
  // TensorFlow's tutorial reports 3,274,634 parameters for this network.
  'fashion-cnn': {
    params: 3_274_634,
    flops: 2 * (28 * 28 * 32 * 25 + 14 * 14 * 64 * 25 * 32 + 3136 * 1024 + 10240),
    output: [10],
  },
  'transfer-mnist': { params: 784 * 128 + 128 + 128 * 10 + 10, flops: 2 * (784 * 128 + 1280), output: [10] },
  'transfer-fashion': { params: 784 * 128 + 128 + 128 * 10 + 10, flops: 2 * (784 * 128 + 1280), output: [10] },
  'fashion-separable': {
    params: (25 + 32 + 32) + (25 * 32 + 32 * 64 + 64) + (3136 * 1024 + 1024) + 10250,
    flops: 2 * (28 * 28 * (25 + 32) + 14 * 14 * (32 * 25 + 32 * 64) + 3136 * 1024 + 10240),
    output: [10],
  },
};

describe('presets', () => {
  test('names are unique and each has a title and a one-line description', () => {
    expect(new Set(presets.map((p) => p.name)).size).toBe(presets.length);
    expect(presets.map((p) => p.name).sort()).toEqual(Object.keys(expected).sort());
    for (const p of presets) {
      expect(p.title.length).toBeGreaterThan(0);
      expect(p.description).toMatch(/^[A-Z][^\n]{10,120}\.$/);
    }
  });

  test.each(presets.map((p) => [p.name, p] as const))('%s is valid, fits the default GPU limits and matches hand counts', (name, p) => {
    const r = validateExperiment(p.experiment, { limits: LIMITS });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.experiment).toEqual(p.experiment);
    expect(r.summary!.outputShape).toEqual(expected[name].output);
    expect(r.summary!.totalParams).toBe(expected[name].params);
    expect(r.summary!.totalFlops).toBe(expected[name].flops);
  });

  test('the separable CNN saves convolution work over the plain one', () => {
    const plain = validateExperiment(findPreset('fashion-cnn')!.experiment).summary!;
    const separable = validateExperiment(findPreset('fashion-separable')!.experiment).summary!;
    expect(separable.layers[2].params).toBeLessThan(plain.layers[2].params / 10);
    expect(separable.totalFlops).toBeLessThan(plain.totalFlops / 3);
  });

  test('findPreset returns a copy that is safe to edit', () => {
    const a = findPreset('spiral')!;
    a.experiment.optimizer.lr = 5;
    expect(findPreset('spiral')!.experiment.optimizer.lr).toBe(0.01);
    expect(findPreset('nope')).toBeUndefined();
  });
});
