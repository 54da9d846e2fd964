import { describe, expect, it } from 'vitest';
import { parseExperiment } from '../../spec';
import type { LayerHealth } from '../../train/types';
import type { ClassificationReport } from '../../worker/insight-protocol';
import { confusionSummary, cellColour } from './classification/summary';
import { downsample, inkBounds, placement } from './draw/downsample';
import { remediesFor, layerIndexOf } from './health/remedies';
import { ridgeCurves, histogramTotal } from './histograms/ridge';
import { filterImage, featureMap } from './histograms/conv-images';
import { lrFinderSummary, suggestedFieldValue } from './lr-finder/summary';

const experiment = (layers: object[], extra: object = {}) => parseExperiment({
  version: 1, seed: 1, data: { dataset: 'spiral' }, model: { layers }, loss: 'softmaxCrossEntropy',
  optimizer: { type: 'adam', lr: 0.01 }, training: { batchSize: 8, epochs: 1 }, ...extra,
}).experiment!;
const health = (flags: LayerHealth['flag'][]): LayerHealth[] => flags.map((flag, i) => ({ layer: `layer ${i + 1} (dense)`, gradNorm: 1, updateRatio: 0.01, flag }));

describe('confusion matrix summary', () => {
  it('says how many are correct and the most confused pair', () => {
    const r = { step: 40, classNames: ['0', '1', '4', '9'], matrix: [[900, 1, 0, 0], [0, 950, 2, 0], [0, 0, 10, 23], [0, 0, 4, 110]] } as ClassificationReport;
    expect(confusionSummary(r)).toBe('Confusion matrix: 1,970 of 2,000 correct; most confused: 4 → 9 (23) (step 40).');
    expect(cellColour(0, true)).toBe('transparent');
    expect(cellColour(1, true)).toMatch(/^rgba\(37, 99, 235, 0.850\)$/);
  });
});

describe('drawing pad', () => {
  it('averages the ink down, keeping its total, and finds and places its box', () => {
    const w = 4;
    const rgba = new Uint8ClampedArray(w * w * 4);
    rgba[(1 * w + 2) * 4] = 255; // one white pixel at (2, 1)
    expect(downsample(rgba, w, w, 2, 2)).toEqual([0, 0.25, 0, 0]);
    expect(inkBounds(rgba, w, w)).toEqual({ x: 2, y: 1, w: 1, h: 1 });
    expect(inkBounds(new Uint8ClampedArray(64), 4, 4)).toBeNull();
    expect(placement({ x: 0, y: 0, w: 10, h: 20 }, 28, 20 / 28)).toEqual({ x: 9, y: 4, w: 10, h: 20 });
  });
});

describe('gradient-health remedies', () => {
  it('offers ReLU, batch norm and He init for vanishing gradients, each an edit of the experiment', () => {
    const e = experiment([{ type: 'dense', units: 8, activation: 'sigmoid' }, { type: 'dense', units: 8, activation: 'tanh' }, { type: 'dense', units: 2 }]);
    expect(remediesFor(e, health(['ok', 'ok', 'ok']))).toEqual([]);
    const r = remediesFor(e, health(['vanishing', 'ok', 'ok']));
    expect(r.map((x) => x.id)).toEqual(['relu', 'batchNorm', 'heInit']);
    const relu = r[0].apply(e);
    expect(relu.model.layers.map((l) => l.activation)).toEqual(['relu', 'relu', undefined]);
    const bn = r[1].apply(e);
    expect(bn.model.layers.map((l) => l.type)).toEqual(['dense', 'batchNorm', 'dense', 'dense']);
    expect(r[2].apply(e).model.layers.every((l) => l.init === 'heNormal')).toBe(true);
    expect(layerIndexOf('layer 3 (dense)')).toBe(2);
  });

  it('offers a 10x lower learning rate and clipping for exploding gradients', () => {
    const e = experiment([{ type: 'dense', units: 8, activation: 'relu' }, { type: 'batchNorm' }, { type: 'dense', units: 2 }]);
    const r = remediesFor(e, health(['exploding', 'ok']));
    expect(r.map((x) => x.id)).toEqual(['lowerLr', 'clip']);
    expect(r[0].apply(e).optimizer.lr).toBe(0.001);
    expect(r[1].apply(e).training.clipGradNorm).toBe(1);
    const clipped = experiment([{ type: 'dense', units: 2 }], { training: { batchSize: 8, epochs: 1, clipGradNorm: 1 } });
    expect(remediesFor(clipped, health(['exploding'])).map((x) => x.id)).toEqual(['lowerLr']);
  });
});

describe('histogram history and conv images', () => {
  it('lays the snapshots out oldest at the back, all on one value axis', () => {
    const a = { min: 0, max: 1, counts: [1, 3], nonFinite: 0 };
    const b = { min: -1, max: 2, counts: [2, 2], nonFinite: 1 };
    const { curves, min, max } = ridgeCurves([a, b]);
    expect([min, max]).toEqual([-1, 2]);
    expect(curves.map((c) => c.age)).toEqual([0, 1]);
    expect(curves[1].points[0]).toEqual([0, 1]); // the newest curve's baseline is the bottom
    expect(histogramTotal(b)).toBe(5);
  });

  it('cuts a filter and a feature map out of HWIO and HWC layouts', () => {
    // 2x1 kernel, 1 input channel, 2 filters: [y][x][in][f]
    expect(filterImage([1, 10, 3, 20], [2, 1, 1, 2], 1)).toEqual([0, 255]);
    expect(featureMap([0, 5, 1, 6, 2, 7, 3, 8], [2, 2, 2], 0)).toEqual([0, 85, 170, 255]);
  });
});

describe('lr finder summary', () => {
  it('states the suggestion and the sweep', () => {
    const result = { minLr: 1e-7, maxLr: 10, suggestedLr: 0.0031622, stoppedEarly: 'diverged' as const, points: [{ lr: 1, loss: 1, smoothedLoss: 1 }] };
    expect(suggestedFieldValue(0.0031622)).toBe(0.00316);
    expect(lrFinderSummary({ status: 'done', points: result.points, result, message: null })).toBe(
      'Suggested learning rate 0.00316 (steepest fall of the smoothed loss before its minimum); 1 steps from 1e-7 to 10, stopped when the loss passed 4× its minimum.',
    );
    expect(lrFinderSummary({ status: 'idle', points: [], result: null, message: null })).toBe('Not run yet.');
  });
});
