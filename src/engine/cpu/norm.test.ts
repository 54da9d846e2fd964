// CPU norm kernels against PyTorch goldens (batch norm train/eval incl. running stats,
// layer norm) and direct checks of dropout, row gather and transpose.
import { describe, expect, it } from 'vitest';
import { closeness, opCasesFor, toFloat32, type OpCase } from '../../testdata/goldens';
import { hashUniform } from '../random';
import { createCpuBackend, type CpuBackend } from './backend';

const close = (b: CpuBackend, t: Parameters<CpuBackend['readSync']>[0], expected: number[]) =>
  closeness(b.readSync(t), expected);

function upload(b: CpuBackend, c: OpCase, name: string) {
  const t = c.inputs[name];
  return b.upload(toFloat32(t), t.shape);
}

describe('CPU batch norm vs PyTorch', () => {
  const cases = opCasesFor('batchNorm');
  it('has train and eval cases for NHWC and [N, F]', () => expect(cases.length).toBe(4));

  for (const c of cases) {
    it(c.name, () => {
      const b = createCpuBackend('f32');
      const x = upload(b, c, 'x');
      const gamma = upload(b, c, 'gamma');
      const running = { mean: upload(b, c, 'runningMean'), variance: upload(b, c, 'runningVar') };
      const training = c.attrs.training!;
      const fwd = b.batchNorm(x, gamma, upload(b, c, 'beta'), running, { training, momentum: c.attrs.momentum!, eps: c.attrs.eps! });
      expect(close(b, fwd.y, c.outputs.y.data)).toBeLessThanOrEqual(1);
      expect(close(b, running.mean, c.outputs.runningMean.data)).toBeLessThanOrEqual(1);
      expect(close(b, running.variance, c.outputs.runningVar.data)).toBeLessThanOrEqual(1);
      const dy = b.upload(toFloat32(c.upstream.y), c.upstream.y.shape);
      const g = b.batchNormGrad(x, dy, gamma, fwd, training);
      expect(close(b, g.dx, c.grads.x.data)).toBeLessThanOrEqual(1);
      expect(close(b, g.dgamma, c.grads.gamma.data)).toBeLessThanOrEqual(1);
      expect(close(b, g.dbeta, c.grads.beta.data)).toBeLessThanOrEqual(1);
    });
  }
});

describe('CPU layer norm vs PyTorch', () => {
  for (const c of opCasesFor('layerNorm')) {
    it(c.name, () => {
      const b = createCpuBackend('f32');
      const x = upload(b, c, 'x');
      const gamma = upload(b, c, 'gamma');
      const fwd = b.layerNorm(x, gamma, upload(b, c, 'beta'), c.attrs.eps!);
      expect(close(b, fwd.y, c.outputs.y.data)).toBeLessThanOrEqual(1);
      const g = b.layerNormGrad(x, b.upload(toFloat32(c.upstream.y), c.upstream.y.shape), gamma, fwd);
      expect(close(b, g.dx, c.grads.x.data)).toBeLessThanOrEqual(1);
      expect(close(b, g.dgamma, c.grads.gamma.data)).toBeLessThanOrEqual(1);
      expect(close(b, g.dbeta, c.grads.beta.data)).toBeLessThanOrEqual(1);
    });
  }
});

describe('CPU dropout', () => {
  it('keeps element i exactly when hashUniform(seed, stream, i) >= rate, scaled by 1/(1-rate)', () => {
    const b = createCpuBackend('f32');
    const n = 2000;
    const x = b.upload(Array.from({ length: n }, (_, i) => i + 1), [n]);
    const block = b.createUniforms(4);
    block.u32[2] = 77;
    const { y, mask } = b.dropout(x, 0.3, 5, { block, index: 2 });
    const ys = b.readSync(y);
    const ms = b.readSync(mask);
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const keep = hashUniform(5, 77, i) >= Math.fround(0.3);
      expect(ms[i]).toBe(keep ? Math.fround(1 / 0.7) : 0);
      expect(ys[i]).toBe(Math.fround((i + 1) * ms[i]));
      kept += keep ? 1 : 0;
    }
    expect(kept / n).toBeGreaterThan(0.65);
    expect(kept / n).toBeLessThan(0.75);
    // A new stream value draws a new mask.
    block.u32[2] = 78;
    const other = b.readSync(b.dropout(x, 0.3, 5, { block, index: 2 }).mask);
    expect(Array.from(other)).not.toEqual(Array.from(ms));
    expect(Array.from(b.readSync(b.dropoutGrad(b.fill([n], 2), mask)))).toEqual(Array.from(ms, (m) => 2 * m));
  });
});

describe('CPU gatherRows and transpose', () => {
  it('gathers rows indices[offset..offset+count) of f32 and u32 sources', () => {
    const b = createCpuBackend('f32');
    const src = b.upload([0, 1, 10, 11, 20, 21, 30, 31], [4, 2]);
    const labels = b.upload([7, 8, 9, 10], [4], 'u32');
    const idx = b.upload([3, 1, 0, 2, 2], [5], 'u32');
    const block = b.createUniforms(4);
    block.u32[1] = 2;
    const rows = b.gatherRows(src, idx, { block, index: 1 }, 3);
    expect(rows.shape).toEqual([3, 2]);
    expect(Array.from(b.readSync(rows))).toEqual([0, 1, 20, 21, 20, 21]);
    const l = b.gatherRows(labels, idx, 0, 4);
    expect(l.dtype).toBe('u32');
    expect(Array.from(b.readSync(l))).toEqual([10, 8, 7, 9]);
    expect(() => b.gatherRows(src, idx, 3, 3)).toThrow(/exceed/);
  });

  it('transposes odd shapes', () => {
    const b = createCpuBackend('f32');
    for (const [R, C] of [[1, 1], [3, 65], [37, 33]]) {
      const x = b.upload(Array.from({ length: R * C }, (_, i) => i), [R, C]);
      const y = b.readSync(b.transpose(x));
      for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) expect(y[c * R + r]).toBe(r * C + c);
    }
  });
});
