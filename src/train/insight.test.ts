import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../engine/cpu/backend';
import { loadDataset } from '../data/load';
import { nodeIo } from '../data/node-io';
import { confusionMatrix, histogram, predictedClasses, probabilities, summarizeConfusion } from './insight';
import { experimentOf } from './test-helpers';
import { Trainer } from './trainer';
import type { TestOutputs } from './evaluation';
import type { EvalMetrics } from './types';

describe('classification results', () => {
  it('predicts the first largest output, and a positive single logit as class 1', () => {
    expect(Array.from(predictedClasses({ values: Float32Array.from([0, 2, 2, 5, 1, 0, -1, -1, -1]), width: 3 }))).toEqual([1, 0, 0]);
    expect(Array.from(predictedClasses({ values: Float32Array.from([0.5, -0.2, 0]), width: 1 }))).toEqual([1, 0, 0]);
  });

  it('counts true x predicted pairs and summarises them', () => {
    const labels = [0, 0, 1, 1, 1, 2, 2];
    const predicted = [0, 1, 1, 1, 2, 2, 1];
    const m = confusionMatrix(labels, predicted, 3);
    expect(m).toEqual([[1, 1, 0], [0, 2, 1], [0, 1, 1]]);
    const s = summarizeConfusion(m);
    expect(s).toMatchObject({ total: 7, correct: 4 });
    expect(s.perClassAccuracy).toEqual([0.5, 2 / 3, 0.5]);
    expect(s.mostConfused).toEqual({ trueClass: 0, predicted: 1, count: 1 });
    expect(summarizeConfusion([[3, 0], [0, 0]])).toMatchObject({ perClassAccuracy: [1, null], mostConfused: null });
  });

  it('gives probabilities that sum to 1 (softmax; sigmoid for one logit)', () => {
    const p = probabilities([1, 2, 3]);
    expect(p.reduce((a, c) => a + c, 0)).toBeCloseTo(1, 12);
    expect(p[2] / p[1]).toBeCloseTo(Math.E, 10);
    expect(probabilities([0])).toEqual([0.5, 0.5]);
    expect(probabilities([1000, 0])[0]).toBe(1);
  });
});

describe('histograms', () => {
  it('puts every finite value in one of the bins, the maximum in the last', () => {
    const h = histogram([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5);
    expect(h).toMatchObject({ min: 0, max: 10, nonFinite: 0 });
    expect(h.counts).toEqual([2, 2, 2, 2, 3]);
    const odd = histogram([-1, NaN, Infinity, -1, 2], 3);
    expect(odd.counts.reduce((a, c) => a + c, 0) + odd.nonFinite).toBe(5);
    expect(odd.nonFinite).toBe(2);
    expect(histogram([4, 4, 4], 7).counts[0]).toBe(3);
    expect(histogram([], 4)).toEqual({ min: 0, max: 0, counts: [0, 0, 0, 0], nonFinite: 0 });
  });
});

describe('the evaluation keeps its test outputs', () => {
  it('gives a confusion matrix that sums to the test size with the reported accuracy on its diagonal', async () => {
    const experiment = experimentOf({
      version: 1, seed: 5,
      data: { dataset: 'spiral', noise: 0.1, trainFraction: 0.5, normalize: 'none' },
      model: { layers: [{ type: 'dense', units: 8, activation: 'tanh' }, { type: 'dropout', rate: 0.2 }, { type: 'dense', units: 2 }] },
      loss: 'softmaxCrossEntropy', optimizer: { type: 'adam', lr: 0.02 }, training: { batchSize: 16, epochs: 2 }, backend: 'cpu',
    });
    const split = await loadDataset(experiment.data, experiment.seed, nodeIo(process.cwd()));
    const seen: { metrics: EvalMetrics; outputs: TestOutputs | null }[] = [];
    const trainer = await Trainer.create(experiment, {
      backend: createCpuBackend('f32'), split, onEvent: () => {}, keepTestOutputs: true,
      onEvaluated: (metrics, outputs) => { seen.push({ metrics, outputs }); },
    });
    await trainer.run();
    expect(seen.length).toBe(2);
    for (const { metrics, outputs } of seen) {
      const m = confusionMatrix(split.test.y, predictedClasses(outputs!), 2);
      const s = summarizeConfusion(m);
      expect(s.total).toBe(split.test.n);
      expect(s.correct / s.total).toBe(metrics.testAccuracy);
    }
    trainer.dispose();
  });
});
