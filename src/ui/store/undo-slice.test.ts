// Undo of a wholesale replacement (a preset): the previous experiment comes back exactly,
// once; a second replacement is what the next undo undoes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findLesson, findPreset, lessons } from '../../experiment';
import type { Experiment } from '../../spec';
import { createAppStore } from './index';
import { runCommands, setRunCommands } from '../commands';
import type { RunCommands } from '../commands';
import type { ProgressPoint } from './run-slice';

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

describe('a replacement starts over', () => {
  const saved = runCommands();
  afterEach(() => setRunCommands(saved));

  /** A store whose run is paused at step 30 of `experiment`, with startNewRun spied on. */
  function pausedRun(experiment: Experiment) {
    const store = createAppStore();
    const startNewRun = vi.fn();
    setRunCommands({ ...saved, startNewRun } as RunCommands);
    store.getState().setExperiment(experiment);
    store.setState({ status: 'paused', runExperiment: experiment, progress: [{ step: 30 } as ProgressPoint] });
    return { store, startNewRun };
  }

  it('a preset with the same model but another learning rate does not offer Resume of the old run', () => {
    const spiral = findPreset('spiral')!.experiment;
    const { store, startNewRun } = pausedRun(spiral);
    store.getState().replaceExperiment({ ...spiral, optimizer: { ...spiral.optimizer, lr: spiral.optimizer.lr * 10 } }, 'preset Spiral');
    expect(startNewRun).toHaveBeenCalledTimes(1);
  });

  it('so does a lesson, whatever its model', () => {
    for (const lesson of lessons) {
      const { store, startNewRun } = pausedRun(findPreset('spiral')!.experiment);
      store.getState().openLesson(lesson.id);
      expect(findLesson(lesson.id)).toBeDefined();
      expect(startNewRun, lesson.id).toHaveBeenCalledTimes(1);
    }
  });

  it('with nothing under way, nothing is started: the edit inits as any edit does', () => {
    const store = createAppStore();
    const startNewRun = vi.fn();
    setRunCommands({ ...saved, startNewRun } as RunCommands);
    store.getState().replaceExperiment(findPreset('xor')!.experiment, 'preset XOR');
    expect(startNewRun).not.toHaveBeenCalled();
  });
});
