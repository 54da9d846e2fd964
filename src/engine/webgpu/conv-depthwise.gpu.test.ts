// Depthwise conv2d WGSL kernels vs the CPU reference on odd shapes: forward (with fused
// bias + activation), input gradient, filter gradient (split over many pixels too).
import { describe, it } from 'vitest';
import type { Conv2dOptions } from '../kernels/conv';
import { gpuBackend } from './test-backend';
import { convOptions as opts, cpu, expectClose, randomPair } from './conv-testing';

describe('depthwiseConv2d WebGPU vs CPU', () => {
  it.each([
    ['N2 7x5x3 k3 m1 same s1', [2, 7, 5, 3], 1, opts('same')],
    ['N2 7x5x3 k3 m2 same s2', [2, 7, 5, 3], 2, opts('same', 2)],
    ['N1 7x7x2 k3 m1 valid d2', [1, 7, 7, 2], 1, opts('valid', 1, 2)],
    ['N2 6x5x3 k2x3 m3 valid s(2,1)', [2, 6, 5, 3], 3, { padding: 'valid', strides: [2, 1], dilation: [1, 1] } as Conv2dOptions],
    ['N3 16x16x4 k3 m2 same (filter gradient in splits)', [3, 16, 16, 4], 2, opts('same')],
  ] as const)('%s', async (_n, xShape, m, o) => {
    const gpu = await gpuBackend();
    const kh = o.strides[0] === 2 && o.strides[1] === 1 ? 2 : 3;
    const [xc, xg] = randomPair(gpu, xShape);
    const [wc, wg] = randomPair(gpu, [kh, 3, xShape[3], m]);
    const yc = cpu.depthwiseConv2d(xc, wc, o);
    await expectClose(gpu.depthwiseConv2d(xg, wg, o), yc, 'y');
    const [dyc, dyg] = randomPair(gpu, yc.shape);
    await expectClose(gpu.depthwiseConv2dGradInput(dyg, wg, xShape, o), cpu.depthwiseConv2dGradInput(dyc, wc, xShape, o), 'dx');
    await expectClose(gpu.depthwiseConv2dGradFilter(xg, dyg, wc.shape, o), cpu.depthwiseConv2dGradFilter(xc, dyc, wc.shape, o), 'dW');
  });

  it('fuses bias + elu into the forward pass', async () => {
    const gpu = await gpuBackend();
    const [xc, xg] = randomPair(gpu, [2, 5, 4, 3]);
    const [wc, wg] = randomPair(gpu, [3, 3, 3, 2]);
    const [bc, bg] = randomPair(gpu, [6]);
    const o = { ...opts('same'), activation: 'elu' as const };
    await expectClose(gpu.depthwiseConv2d(xg, wg, { ...o, bias: bg }), cpu.depthwiseConv2d(xc, wc, { ...o, bias: bc }), 'y');
  });
});
