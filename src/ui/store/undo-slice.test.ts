// Undo of a wholesale replacement (a preset): the previous experiment comes back exactly,
// once; a second replacement is what the next undo undoes.
import { describe, expect, it } from 'vitest';
import { findPreset } from '../../experiment';
import { createAppStore } from './index';

describe('undo of an experiment replacement', () => {
  it('puts the experiment from before the preset back, then offers nothing', () => {
    const store = createAppStore();
    store.getState().edit((e) => ({ ...e, seed: 7 }));
    const before = store.getState().experiment;
    const spiral = findPreset('spiral')!;
    store.getState().replaceExperiment(spiral.experiment, `preset ${spiral.title}`);
    expect(store.getState().experiment).toEqual(spiral.experiment);
    expect(store.getState().undo?.what).toBe(`preset ${spiral.title}`);

    store.getState().undoReplacement();
    expect(store.getState().experiment).toEqual(before);
    expect(store.getState().layerIds).toHaveLength(before.model.layers.length);
    expect(store.getState().undo).toBeNull();
    store.getState().undoReplacement(); // nothing left to undo: no change
    expect(store.getState().experiment).toEqual(before);
  });

  it('undoes only the last of two replacements', () => {
    const store = createAppStore();
    const xor = findPreset('xor')!;
    const circle = findPreset('circle')!;
    store.getState().replaceExperiment(xor.experiment, 'preset XOR');
    store.getState().replaceExperiment(circle.experiment, 'preset Circle');
    store.getState().undoReplacement();
    expect(store.getState().experiment).toEqual(xor.experiment);
  });
});
