import { describe, expect, it } from 'vitest';
import { axisGeometry, padsOf, windowGeometry } from './conv-geometry';
import { opCases } from '../testdata/goldens';

describe('conv geometry', () => {
  it("follows TF's same rule: out = ceil(in / stride), smaller half of the padding first", () => {
    expect(axisGeometry(6, 3, 2, 1, 'same')).toMatchObject({ out: 3, padBefore: 0, padAfter: 1 });
    expect(axisGeometry(5, 4, 1, 1, 'same')).toMatchObject({ out: 5, padBefore: 1, padAfter: 2 });
    expect(axisGeometry(7, 3, 1, 2, 'same')).toMatchObject({ out: 7, padBefore: 2, padAfter: 2 });
    expect(axisGeometry(1, 5, 3, 1, 'same')).toMatchObject({ out: 1, padBefore: 2, padAfter: 2 });
  });

  it('valid: floor((in - (k-1)·d - 1) / stride) + 1, no padding', () => {
    expect(axisGeometry(7, 3, 2, 1, 'valid')).toMatchObject({ out: 3, padBefore: 0, padAfter: 0 });
    expect(axisGeometry(7, 3, 1, 2, 'valid')).toMatchObject({ out: 3 });
    expect(axisGeometry(28, 5, 1, 1, 'valid')).toMatchObject({ out: 24 });
  });

  it('rejects a window larger than a valid input with a sentence', () => {
    expect(() => axisGeometry(2, 3, 1, 1, 'valid')).toThrow(/does not fit an input of 2/);
  });

  it('matches the pads PyTorch goldens were generated with', () => {
    const cases = opCases.filter((c) => c.attrs.pads);
    expect(cases.length).toBeGreaterThan(10);
    for (const c of cases) {
      const k = c.attrs.kernelSize ?? c.attrs.poolSize!;
      const g = windowGeometry(c.inputs.x.shape, k, c.attrs.strides!, c.attrs.dilation ?? [1, 1], c.attrs.padding!);
      expect(padsOf(g), c.name).toEqual(c.attrs.pads);
      expect([g.h.out, g.w.out], c.name).toEqual(c.outputs.y.shape.slice(1, 3));
    }
  });
});
