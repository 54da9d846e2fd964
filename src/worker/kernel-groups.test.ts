import { describe, expect, it } from 'vitest';
import { groupKernelTimes, kernelGroup } from './kernel-groups';

describe('kernel families for "GPU time per kernel"', () => {
  it('maps pipeline labels to the page\'s families', () => {
    expect(kernelGroup('gemm NN relu [4x2x1]')).toBe('GEMM');
    expect(kernelGroup('gemm TN split-k [1x1x4] #2')).toBe('GEMM');
    expect(kernelGroup('conv2d direct relu [3x3x1]')).toBe('convolution');
    expect(kernelGroup('unaryGrad relu [2x1x1]')).toBe('elementwise');
    expect(kernelGroup('reduce cols sum [1x1x1]')).toBe('reductions');
    expect(kernelGroup('softmaxCrossEntropy [1x1x1]')).toBe('loss');
    expect(kernelGroup('optim-adam [1x1x1]')).toBe('optimizer');
    expect(kernelGroup('sumsq-final [1x1x1]')).toBe('optimizer');
    expect(kernelGroup('gather [1x1x1]')).toBe('data');
    expect(kernelGroup('something new [1x1x1]')).toBe('other');
  });

  it('sums families, shares add up to 1, and the slowest five come first', () => {
    const times = { 'gemm NN relu [1x1x1]': 4, 'gemm NT linear [1x1x1]': 3, 'gather [1x1x1]': 0.5, 'optim-sgd [1x1x1]': 1, 'unary relu [1x1x1]': 1, 'reduce cols sum [1x1x1]': 0.5 };
    const { groups, slowest, totalMs } = groupKernelTimes(times);
    expect(totalMs).toBe(10);
    expect(groups.find((g) => g.group === 'GEMM')).toEqual({ group: 'GEMM', ms: 7, share: 0.7, dispatches: 2 });
    expect(groups.reduce((s, g) => s + g.share, 0)).toBeCloseTo(1, 12);
    expect(groups.map((g) => g.group)).not.toContain('convolution');
    expect(slowest.map((d) => d.kernel)).toEqual(['gemm NN relu [1x1x1]', 'gemm NT linear [1x1x1]', 'optim-sgd [1x1x1]', 'unary relu [1x1x1]', 'gather [1x1x1]']);
    expect(slowest[0].share).toBeCloseTo(0.4);
  });
});
