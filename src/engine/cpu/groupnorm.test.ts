// CPU group norm vs PyTorch goldens (NHWC images and [N, C] vectors, several group counts),
// and its relation to layer norm: one group of a [N, C] vector is layer norm.
import { describe, expect, it } from 'vitest';
import { closeness, opCasesFor, toFloat32, type OpCase } from '../../testdata/goldens';
import { Rng } from '../random';
import { createCpuBackend, type CpuBackend } from './backend';

const close = (b: CpuBackend, t: Parameters<CpuBackend['readSync']>[0], expected: number[]) =>
  closeness(b.readSync(t), expected);

function upload(b: CpuBackend, c: OpCase, name: string) {
  const t = c.inputs[name];
  return b.upload(toFloat32(t), t.shape);
}

describe('CPU group norm vs PyTorch', () => {
  const cases = opCasesFor('groupNorm');
  it('has image and vector cases with one, some and one-per-channel groups', () => {
    expect(cases.length).toBeGreaterThanOrEqual(5);
    expect(cases.some((c) => c.inputs.x.shape.length === 4 && c.attrs.groups === c.inputs.x.shape[3])).toBe(true);
    expect(cases.some((c) => c.inputs.x.shape.length === 2)).toBe(true);
  });

  for (const c of cases) {
    for (const precision of ['f32', 'f64'] as const) {
      it(`${c.name} (${precision})`, () => {
        const b = createCpuBackend(precision);
        const x = upload(b, c, 'x');
        const gamma = upload(b, c, 'gamma');
        const groups = c.attrs.groups!;
        const fwd = b.groupNorm(x, gamma, upload(b, c, 'beta'), groups, c.attrs.eps!);
        expect(fwd.mean.shape).toEqual([x.shape[0], groups]);
        expect(close(b, fwd.y, c.outputs.y.data)).toBeLessThanOrEqual(1);
        const g = b.groupNormGrad(x, b.upload(toFloat32(c.upstream.y), c.upstream.y.shape), gamma, groups, fwd);
        expect(close(b, g.dx, c.grads.x.data)).toBeLessThanOrEqual(1);
        expect(close(b, g.dgamma, c.grads.gamma.data)).toBeLessThanOrEqual(1);
        expect(close(b, g.dbeta, c.grads.beta.data)).toBeLessThanOrEqual(1);
      });
    }
  }
});

describe('CPU group norm', () => {
  const b = createCpuBackend('f32');
  const rng = new Rng(3);
  const random = (n: number) => Float32Array.from({ length: n }, () => rng.range(-2, 2));

  it('is layer norm for one group of [N, C] vectors, value for value', () => {
    const x = b.upload(random(5 * 7), [5, 7]);
    const gamma = b.upload(random(7), [7]);
    const beta = b.upload(random(7), [7]);
    const dy = b.upload(random(5 * 7), [5, 7]);
    const gn = b.groupNorm(x, gamma, beta, 1, 1e-5);
    const ln = b.layerNorm(x, gamma, beta, 1e-5);
    expect(b.readSync(gn.y)).toEqual(b.readSync(ln.y));
    const gg = b.groupNormGrad(x, dy, gamma, 1, gn);
    const lg = b.layerNormGrad(x, dy, gamma, ln);
    expect(b.readSync(gg.dx)).toEqual(b.readSync(lg.dx));
    expect(b.readSync(gg.dgamma)).toEqual(b.readSync(lg.dgamma));
  });

  it('normalises each group of an image to mean 0 and variance 1 (gamma 1, beta 0)', () => {
    const [N, H, W, C, G] = [2, 3, 5, 6, 3];
    const x = b.upload(random(N * H * W * C), [N, H, W, C]);
    const y = b.readSync(b.groupNorm(x, b.fill([C], 1), b.zeros([C]), G, 1e-5).y);
    for (let n = 0; n < N; n++) {
      for (let g = 0; g < G; g++) {
        const values: number[] = [];
        for (let s = 0; s < H * W; s++) for (let j = 0; j < C / G; j++) values.push(y[(n * H * W + s) * C + g * (C / G) + j]);
        const mean = values.reduce((a, v) => a + v, 0) / values.length;
        const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
        expect(Math.abs(mean)).toBeLessThan(1e-6);
        expect(variance).toBeCloseTo(1, 4);
      }
    }
  });

  it('rejects groups that do not divide the channels', () => {
    const x = b.zeros([2, 6]);
    expect(() => b.groupNorm(x, b.zeros([6]), b.zeros([6]), 4, 1e-5)).toThrow(/4 groups do not divide 6 channels/);
  });
});
