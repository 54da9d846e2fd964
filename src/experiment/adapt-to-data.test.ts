import { describe, expect, it } from 'vitest';
import { DATASETS, defaultExperiment } from '../spec';
import type { Experiment } from '../spec';
import { adaptToData } from './adapt-to-data';
import { findPreset, presets } from './presets';
import { validateExperiment } from './validate';

const types = (e: Experiment) => e.model.layers.map((l) => l.type);
const units = (e: Experiment) => e.model.layers.map((l) => ('units' in l ? l.units : null));
const BUILT_IN = DATASETS.filter((d) => d !== 'csv');

describe('adaptToData', () => {
  it('adds a Flatten before the first dense and sets ten outputs going from the spiral to MNIST', () => {
    const { experiment, changes } = adaptToData(defaultExperiment(), 'mnist');
    expect(types(experiment)).toEqual(['flatten', 'dense', 'dropout', 'dense']);
    expect(units(experiment)).toEqual([null, 16, null, 10]);
    expect(experiment.loss).toBe('softmaxCrossEntropy');
    expect(experiment.data.dataset).toBe('mnist');
    expect(changes).toEqual([
      'Added a Flatten layer before layer 1 (Dense): MNIST digits inputs are 28 × 28 × 1 images and Dense needs a flat input.',
      'Output layer 4 (Dense): units 2 → 10 (one score per class).',
    ]);
    expect(validateExperiment(experiment).errors).toEqual([]);
  });

  it('switches to MSE and one output for a regression set', () => {
    const { experiment, changes } = adaptToData(defaultExperiment(), 'plane');
    expect(experiment.loss).toBe('mse');
    expect(units(experiment)).toEqual([16, null, 1]);
    expect(changes[0]).toBe('Loss softmaxCrossEntropy → mse: Plane (regression) is a regression dataset.');
    expect(validateExperiment(experiment).errors).toEqual([]);
  });

  it('leaves a model that fits alone and keeps the input features of 2-D sets', () => {
    const start = { ...defaultExperiment(), data: { ...defaultExperiment().data, features: ['x1', 'x2', 'x1Squared'] as const } } as Experiment;
    const { experiment, changes } = adaptToData(start, 'circle');
    expect(changes).toEqual([]);
    expect(experiment.model).toEqual(start.model);
    expect(experiment.data.features).toEqual(['x1', 'x2', 'x1Squared']);
    expect(adaptToData(start, 'mnist').experiment.data.features).toBeUndefined();
  });

  it('keeps binary cross-entropy for two classes and leaves it for ten', () => {
    const xor = findPreset('xor')!.experiment;
    expect(adaptToData(xor, 'circle').changes).toEqual([]);
    const mnist = adaptToData(xor, 'mnist').experiment;
    expect(mnist.loss).toBe('softmaxCrossEntropy');
    expect(mnist.model.layers.at(-1)).toMatchObject({ type: 'dense', units: 10 });
  });

  it('gives a CNN a small MLP on 2-D points, and round-trips the spiral through MNIST', () => {
    const cnn = presets.find((p) => p.experiment.model.layers.some((l) => l.type === 'conv2d'))!.experiment;
    const { experiment, changes } = adaptToData(cnn, 'spiral');
    expect(types(experiment)).toEqual(['dense', 'dense', 'dense']);
    expect(units(experiment)).toEqual([16, 16, 2]);
    expect(changes[0]).toMatch(/^Replaced the model by a small MLP/);
    const back = adaptToData(adaptToData(defaultExperiment(), 'mnist').experiment, 'spiral').experiment;
    expect(back.model).toEqual(defaultExperiment().model);
  });

  it('turns early stopping on accuracy into early stopping on the loss for regression', () => {
    const start = defaultExperiment();
    start.training.earlyStopping = { metric: 'testAccuracy', patience: 3 };
    expect(adaptToData(start, 'multigauss').experiment.training.earlyStopping).toEqual({ metric: 'testLoss', patience: 3 });
  });

  it('changes only the dataset for a CSV (its shapes come with its file)', () => {
    const { experiment, changes } = adaptToData(defaultExperiment(), 'csv');
    expect(changes).toEqual([]);
    expect(experiment.model).toEqual(defaultExperiment().model);
    expect(experiment.data.dataset).toBe('csv');
  });

  // Every preset, and the default, adapted to every built-in dataset trains (no errors).
  const starts = [{ name: 'default', experiment: defaultExperiment() }, ...presets];
  for (const start of starts) {
    it(`${start.name} fits every built-in dataset after adapting`, () => {
      for (const dataset of BUILT_IN) {
        const { experiment } = adaptToData(start.experiment, dataset);
        const result = validateExperiment(experiment);
        expect(result.errors, `${start.name} → ${dataset}`).toEqual([]);
        expect(adaptToData(experiment, dataset).changes, `${start.name} → ${dataset} twice`).toEqual([]);
      }
    });
  }
});
