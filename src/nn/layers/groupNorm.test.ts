// The groupNorm layer: its validation sentences, counts, and forward/backward through the
// module against float64 finite differences (the op itself is tested in src/engine).
import { describe, expect, it } from 'vitest';
import { gradcheck } from '../../engine/testing/gradcheck';
import { validateExperiment } from '../../experiment';
import type { LayerSpecInput } from '../../spec';
import { buildModel } from '../model';
import { inferShapes } from '../shapes';
import { parseLayer } from '../testing';

const conv = { type: 'conv2d', filters: 30, kernelSize: 1 } as const;

describe('groupNorm: shapes and validation', () => {
  it('keeps the shape and counts a scale and a shift per channel', () => {
    const r = inferShapes([5, 4, 3], [{ ...conv }, { type: 'groupNorm', groups: 6 }]);
    expect(r.errors).toEqual([]);
    expect(r.layers[1]).toMatchObject({ outputShape: [5, 4, 30], params: 60, flops: 0 });
    expect(inferShapes([12], [{ type: 'groupNorm', groups: 4 }]).layers[0]).toMatchObject({ outputShape: [12], params: 24 });
  });

  it('says which group counts divide the channels', () => {
    const r = inferShapes([5, 4, 3], [{ ...conv }, { type: 'groupNorm', groups: 4 }]);
    expect(r.errors).toEqual([{
      path: 'model.layers[1].groups',
      message: 'Layer 2 (groupNorm): groups must divide the 30 channels: try 1, 2, 3, 5, 6, 10, 15 or 30; got 4.',
    }]);
    expect(inferShapes([7], [{ type: 'groupNorm', groups: 2 }]).errors[0].message).toMatch(/divide the 7 channels: try 1 or 7; got 2\./);
  });

  it('needs an image or a vector', () => {
    const r = inferShapes([4, 6], [{ type: 'groupNorm', groups: 2 }]);
    expect(r.errors[0]).toMatchObject({ path: 'model.layers[0]', message: expect.stringMatching(/needs an image \[H, W, C\] or a vector \[C\] but receives \[4, 6\]/) });
  });

  it('rejects fewer than one group, and a missing groups, field by field', () => {
    const experiment = (layer: Record<string, unknown>) => ({
      version: 1, data: { dataset: 'spiral' }, model: { layers: [{ type: 'dense', units: 4 }, layer, { type: 'dense', units: 2 }] },
      loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 0.1 }, training: { batchSize: 8, epochs: 1 },
    });
    const zero = validateExperiment(experiment({ type: 'groupNorm', groups: 0 }));
    expect(zero.errors).toEqual([{ path: 'model.layers[1].groups', message: 'Layer 2 (groupNorm): groups must be a whole number from 1 to 65536; got 0.' }]);
    const missing = validateExperiment(experiment({ type: 'groupNorm' }));
    expect(missing.errors[0]).toMatchObject({ path: 'model.layers[1].groups', message: expect.stringMatching(/groups is missing/) });
    expect(validateExperiment(experiment({ type: 'groupNorm', groups: 2 })).errors).toEqual([]);
  });
});

describe('groupNorm layer: gradients vs float64 finite differences', () => {
  const cases: [number[], LayerSpecInput][] = [
    [[3, 2, 6], { type: 'groupNorm', groups: 3 }],
    [[2, 3, 4], { type: 'groupNorm', groups: 1, activation: 'tanh' }],
    [[6], { type: 'groupNorm', groups: 2, activation: 'gelu' }],
  ];
  for (const [input, spec] of cases) {
    it(`${JSON.stringify(spec)} on [${input}]`, () => {
      const model = buildModel(input, [parseLayer(spec)]);
      const layer = model.layers[0];
      const c = input[input.length - 1];
      const r = gradcheck(
        (_b, [x, g, b]) => layer.forward(x, [g, b], [], { training: true, seed: 1, stream: 0 }),
        [{ shape: [2, ...input] }, { shape: [c] }, { shape: [c] }],
      );
      expect(r.maxError, JSON.stringify(r.worst)).toBeLessThan(1e-6);
    });
  }
});
