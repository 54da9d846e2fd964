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

describe('attack state of the insight and boundary slices', () => {
  it('keeps the drawn pixels across runs until the pad is cleared', () => {
    const store = createAppStore();
    store.getState().setDrawnPixels([0, 0.5, 1]);
    store.getState().applyWorker([{ type: 'prediction', id: 1, probabilities: [0.2, 0.8], classNames: ['a', 'b'] }]);
    store.getState().applyWorker([{ type: 'ready', adapter: null as never, summary: null as never, trainSize: 1, testSize: 1, stepsPerEpoch: 1, totalSteps: 1 }]);
    expect(store.getState().drawn).toBeNull();
    expect(store.getState().drawnPixels).toEqual([0, 0.5, 1]);
    store.getState().clearDrawn();
    expect(store.getState().drawnPixels).toBeNull();
  });

  it('takes arrows only while shown and under the current attack; a new plane or off drops them', () => {
    const store = createAppStore();
    const arrows = (method: 'fgsm' | 'pgd', epsilon: number) => ({ step: 1, method, epsilon, from: new Float32Array(2), to: new Float32Array(2), clean: new Uint32Array(1), attacked: new Uint32Array(1), testSize: 1 });
    const s = () => store.getState();
    s().setAttackArrows(arrows('fgsm', 0.3), null);
    expect(s().attackArrows).toBeNull(); // off
    s().setShowAttackArrows(true);
    s().setArrowAttack({ method: 'fgsm', epsilon: 0.5 });
    s().setAttackArrows(arrows('fgsm', 0.3), null); // computed for the old ε
    expect(s().attackArrows).toBeNull();
    s().setAttackArrows(arrows('fgsm', 0.5), null);
    expect(s().attackArrows?.epsilon).toBe(0.5);
    s().setPlane(null);
    expect(s().attackArrows).toBeNull();
    s().setAttackArrows(null, 'Attack arrows need a classification task.');
    expect(s().arrowsMessage).toMatch(/classification/);
    s().setShowAttackArrows(false);
    expect(s().arrowsMessage).toBeNull();
  });
});
