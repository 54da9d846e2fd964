// The page's memory budget: an over-budget model blocks training with the estimate, until
// the person presses "Train anyway"; the acceptance holds while the model stays the same.
import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../../spec';
import type { Experiment } from '../../spec';
import { createAppStore, PAGE_MEMORY_BUDGET } from './index';

const huge = (e: Experiment): Experiment => ({
  ...e,
  model: { layers: [{ type: 'dense', units: 16384 }, { type: 'dense', units: 16384 }, { type: 'dense', units: 2 }] },
});

describe('the memory budget in the page', () => {
  it('blocks an over-budget model with the estimate, and "Train anyway" accepts it', () => {
    const store = createAppStore();
    expect(store.getState().validation.errors).toEqual([]);
    store.getState().setExperiment(huge(defaultExperiment()));
    const [issue, ...rest] = store.getState().validation.errors;
    expect(rest).toEqual([]);
    expect(issue.kind).toBe('budget');
    expect(issue.message).toMatch(/^This run needs about [\d.]+ GiB \(parameters with gradients and optimizer state [\d.]+ GiB, .*\); the largest part is Layer 2 \(dense\) .*, over the memory budget of 2\.0 GiB; make the layers smaller, or press "Train anyway" to try\.$/);
    expect(PAGE_MEMORY_BUDGET).toBe(2 * 2 ** 30);

    store.getState().acceptBudget();
    expect(store.getState().validation.errors).toEqual([]);
    // A live change (the learning rate) keeps the acceptance; a bigger model asks again.
    store.getState().edit((e) => ({ ...e, optimizer: { ...e.optimizer, lr: 0.5 } }));
    expect(store.getState().validation.errors).toEqual([]);
    store.getState().edit((e) => ({ ...e, training: { ...e.training, batchSize: e.training.batchSize * 2 } }));
    expect(store.getState().validation.errors.map((x) => x.kind)).toEqual(['budget']);
  });

  it('reports other errors without offering "Train anyway" for them', () => {
    const store = createAppStore();
    store.getState().setExperiment({ ...huge(defaultExperiment()), optimizer: { ...defaultExperiment().optimizer, lr: -1 } });
    // The budget is checked only for an otherwise valid run.
    expect(store.getState().validation.errors.map((e) => [e.path, e.kind])).toEqual([['optimizer.lr', undefined]]);
  });
});
