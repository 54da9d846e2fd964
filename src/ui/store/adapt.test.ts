import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../../spec';
import { findLesson, findPreset } from '../../experiment';
import { createAppStore } from './index';

const types = (s: ReturnType<typeof createAppStore>) => s.getState().experiment.model.layers.map((l) => l.type);

describe('the page\u2019s edits that keep a model fitting its data', () => {
  it('+ inserts before the output layer, which keeps its units', () => {
    const store = createAppStore();
    store.getState().insertLayer('dense');
    expect(types(store)).toEqual(['dense', 'dropout', 'dense', 'dense']);
    expect(store.getState().experiment.model.layers.at(-1)).toEqual(defaultExperiment().model.layers.at(-1));
    store.getState().insertLayer('batchNorm', 4); // a drop at the end goes to the end
    expect(types(store)).toEqual(['dense', 'dropout', 'dense', 'dense', 'batchNorm']);
  });

  it('choosing a dataset adapts the model; Undo puts the model back and keeps the dataset', () => {
    const store = createAppStore();
    const before = store.getState().experiment;
    const ids = store.getState().layerIds;
    store.getState().chooseDataset('mnist');
    expect(types(store)).toEqual(['flatten', 'dense', 'dropout', 'dense']);
    expect(store.getState().validation.errors).toEqual([]);
    expect(store.getState().adapted?.title).toBe('MNIST digits');
    store.getState().undoAdapt();
    expect(store.getState().experiment.model).toEqual(before.model);
    expect(store.getState().experiment.loss).toBe(before.loss);
    expect(store.getState().experiment.data.dataset).toBe('mnist');
    expect(store.getState().layerIds).toEqual(ids);
    expect(store.getState().adapted).toBeNull();
  });

  it('offers no Undo when nothing changed, and forgets it after another edit or an opened experiment', () => {
    const store = createAppStore();
    store.getState().chooseDataset('circle');
    expect(store.getState().adapted).toBeNull();
    store.getState().chooseDataset('plane');
    expect(store.getState().experiment.loss).toBe('mse');
    store.getState().edit((e) => ({ ...e, seed: 9 }));
    expect(store.getState().adapted).toBeNull();
    store.getState().chooseDataset('mnist');
    store.getState().setExperiment(findPreset('spiral')!.experiment);
    expect(store.getState().adapted).toBeNull();
  });

  it('opens a lesson exactly as written', () => {
    const store = createAppStore();
    store.getState().openLesson('vanishing');
    expect(store.getState().experiment).toEqual(findLesson('vanishing')!.experiment);
    expect(store.getState().lesson).toBe('vanishing');
    expect(store.getState().adapted).toBeNull();
  });
});
