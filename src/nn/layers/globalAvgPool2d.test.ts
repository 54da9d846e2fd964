// The globalAvgPool2d layer: shapes, PyTorch goldens through the module (CPU, f32 and
// f64), and its gradient against float64 finite differences.
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../engine/cpu/backend';
import { backward } from '../../engine/tape';
import { gradcheck } from '../../engine/testing/gradcheck';
import { closeness, opCasesFor } from '../../testdata/goldens';
import { buildModel } from '../model';
import { inferShapes } from '../shapes';
import { parseLayer } from '../testing';

const POOL = parseLayer({ type: 'globalAvgPool2d' });
const ctx = { training: true, seed: 1, stream: 0 };

describe('globalAvgPool2d: shapes', () => {
  it('averages away height and width: [H, W, C] -> [C], no parameters', () => {
    const r = inferShapes([7, 5, 3], [POOL]);
    expect(r.layers[0]).toMatchObject({ outputShape: [3], params: 0, flops: 0 });
  });

  it('needs an image', () => {
    expect(inferShapes([12], [POOL]).errors).toEqual([{
      path: 'model.layers[0]',
      message: 'Layer 1 (globalAvgPool2d) needs an image input [H, W, C] but receives [12]; add a reshape layer or remove it.',
    }]);
  });
});

describe('globalAvgPool2d vs PyTorch', () => {
  const cases = opCasesFor('globalAvgPool2d');
  it('has cases, including a 1x1 image and a single channel', () => expect(cases.length).toBeGreaterThanOrEqual(3));
  for (const c of cases) {
    for (const precision of ['f32', 'f64'] as const) {
      it(`${c.name} (${precision})`, () => {
        const b = createCpuBackend(precision);
        const x = b.upload(c.inputs.x.data, c.inputs.x.shape);
        x.requiresGrad = true;
        const layer = buildModel(c.inputs.x.shape.slice(1), [POOL]).layers[0];
        const y = layer.forward(x, [], [], ctx);
        expect(y.shape).toEqual(c.outputs.y.shape);
        expect(closeness(b.readSync(y), c.outputs.y.data)).toBeLessThanOrEqual(1);
        const dx = backward(y, b.upload(c.upstream.y.data, y.shape)).get(x)!;
        expect(closeness(b.readSync(dx), c.grads.x.data)).toBeLessThanOrEqual(1);
      });
    }
  }
});

describe('globalAvgPool2d: gradient vs float64 finite differences', () => {
  for (const input of [[3, 5, 2], [1, 1, 4]]) {
    it(`[${input}], with an activation after it`, () => {
      const layer = buildModel(input, [parseLayer({ type: 'globalAvgPool2d', activation: 'sigmoid' })]).layers[0];
      const r = gradcheck((_b, [x]) => layer.forward(x, [], [], ctx), [{ shape: [2, ...input] }]);
      expect(r.maxError, JSON.stringify(r.worst)).toBeLessThan(1e-6);
    });
  }
});
