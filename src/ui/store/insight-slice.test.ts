import { describe, expect, it } from 'vitest';
import { createAppStore } from './index';
import type { ClassificationReport } from '../../worker/insight-protocol';

const evalMessage = (step: number) => ({
  type: 'eval' as const,
  metrics: { kind: 'eval' as const, epoch: 1, step, trainLoss: 1, testLoss: 1, testAccuracy: 0.5, layers: [{ layer: 'layer 1 (dense)', gradNorm: step, updateRatio: 0.01, flag: 'ok' as const }] },
});
const report = (matrix: number[][]): ClassificationReport => ({
  step: 1, epoch: 1, classNames: ['a', 'b'], matrix, testSize: 4, testAccuracy: 0.5, input: { kind: 'row', featureNames: ['x1'] }, examples: [],
});

describe('insight slice', () => {
  it('keeps gradient health over the run and clears it on a reset', () => {
    const store = createAppStore();
    store.getState().applyWorker([evalMessage(10), evalMessage(20)]);
    expect(store.getState().healthHistory.map((h) => h.step)).toEqual([10, 20]);
    store.getState().applyWorker([{ type: 'state', state: 'idle' }]);
    expect(store.getState().healthHistory).toEqual([]);
  });

  it('drops a cell filter whose pair no longer occurs, and follows the lr finder', () => {
    const store = createAppStore();
    store.getState().applyWorker([{ type: 'classification', report: report([[1, 1], [1, 1]]) }]);
    store.getState().setCellFilter({ trueClass: 0, predicted: 1 });
    store.getState().applyWorker([{ type: 'classification', report: report([[1, 1], [0, 2]]) }]);
    expect(store.getState().cellFilter).toEqual({ trueClass: 0, predicted: 1 });
    store.getState().applyWorker([{ type: 'classification', report: report([[2, 0], [0, 2]]) }]);
    expect(store.getState().cellFilter).toBeNull();

    store.getState().startLrFinder();
    const point = { lr: 1e-7, loss: 1, smoothedLoss: 1 };
    store.getState().applyWorker([{ type: 'lrFinder', state: 'running', point }, { type: 'lrFinder', state: 'running', point }]);
    expect(store.getState().lrFinder).toMatchObject({ status: 'running' });
    expect(store.getState().lrFinder.points).toHaveLength(2);
    const result = { minLr: 1e-7, maxLr: 10, points: [point], suggestedLr: 1e-7, stoppedEarly: null };
    store.getState().applyWorker([{ type: 'lrFinder', state: 'done', result }]);
    expect(store.getState().lrFinder).toMatchObject({ status: 'done', result });
  });
});
