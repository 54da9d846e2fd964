import { describe, expect, it } from 'vitest';
import { defaultExperiment, featuresOf, modelInputShape, parseExperiment } from './index';
import { validateExperiment } from '../experiment';

const withFeatures = (features: unknown, dataset = 'spiral') => {
  const e = structuredClone(defaultExperiment()) as unknown as { data: Record<string, unknown> };
  e.data.features = features;
  e.data.dataset = dataset;
  return e;
};
const errorsOf = (input: unknown) => parseExperiment(input).errors;

describe('data.features', () => {
  it('is absent by default and means x1, x2', () => {
    const e = defaultExperiment();
    expect('features' in e.data).toBe(false);
    expect(featuresOf(e.data)).toEqual(['x1', 'x2']);
    expect(modelInputShape(e.data)).toEqual([2]);
  });

  it('accepts a list of known names, in the given order, and the input shape follows it', () => {
    const r = parseExperiment(withFeatures(['x1Squared', 'x1', 'sinX2']));
    expect(r.errors).toEqual([]);
    expect(r.experiment!.data.features).toEqual(['x1Squared', 'x1', 'sinX2']);
    // The model's first dense layer now takes 3 inputs.
    const v = validateExperiment(r.experiment);
    expect(v.inputShape).toEqual([3]);
    expect(v.summary!.layers[0].params).toBe(3 * 16 + 16);
  });

  it('an unknown name is an error at its index listing the valid ones', () => {
    const [e] = errorsOf(withFeatures(['x1', 'x3']));
    expect(e.path).toBe('data.features[1]');
    expect(e.message).toBe('data.features[1] must be one of x1, x2, x1Squared, x2Squared, x1TimesX2, sinX1, sinX2; got "x3".');
  });

  it('an empty list, a duplicate and a non-list are errors', () => {
    expect(errorsOf(withFeatures([]))).toEqual([{ path: 'data.features', message: expect.stringContaining('at least one feature') }]);
    expect(errorsOf(withFeatures(['x1', 'x2', 'x1']))).toEqual([{ path: 'data.features[2]', message: 'data.features lists "x1" twice; give each feature once.' }]);
    expect(errorsOf(withFeatures('x1'))[0]).toMatchObject({ path: 'data.features', message: expect.stringContaining('a list of features') });
    expect(parseExperiment(withFeatures(['x1', 'x1'])).experiment).toBeNull();
  });

  it('is an error on datasets that are not 2-D points', () => {
    for (const dataset of ['mnist', 'fashion-mnist']) {
      const errors = errorsOf(withFeatures(['x1', 'x2'], dataset));
      expect(errors).toContainEqual({ path: 'data.features', message: expect.stringContaining(`not to "${dataset}"`) });
    }
    expect(errorsOf(withFeatures(['x1'], 'plane'))).toEqual([]);
  });
});
