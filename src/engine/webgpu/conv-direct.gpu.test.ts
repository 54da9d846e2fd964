// The direct conv2d kernels (conv-direct.ts: forward, input and filter gradients for narrow
// layers), forced on odd shapes, vs the CPU reference; plus the split sizing.
import { afterEach, describe, expect, it } from 'vitest';
import type { Conv2dOptions } from '../kernels/conv';
import type { Shape } from '../shape';
import { gpuBackend } from './test-backend';
import { convPaths, gradFilterSplits } from './conv-direct';
import { convOptions as opts, cpu, expectClose, randomPair } from './conv-testing';

const cases: [string, Shape, [number, number], number, Conv2dOptions][] = [
  ['N2 7x5x3→4 k3 same s1', [2, 7, 5, 3], [3, 3], 4, opts('same')],
  ['N2 9x7x1→8 k5 valid s2', [2, 9, 7, 1], [5, 5], 8, opts('valid', 2)],
  ['N1 8x7x2→13 k5 same s3 (asymmetric pads, Cout not /4)', [1, 8, 7, 2], [5, 5], 13, opts('same', 3)],
  ['N1 7x6x3→6 k3 same d2', [1, 7, 6, 3], [3, 3], 6, opts('same', 1, 2)],
  ['N3 11x10x1→16 k2x3 same s(2,1) even kernel', [3, 11, 10, 1], [2, 3], 16, { padding: 'same', strides: [2, 1], dilation: [1, 1] }],
  ['N5 28x28x1→8 k5 valid (MNIST conv 1: split pixels)', [5, 28, 28, 1], [5, 5], 8, opts('valid')],
  ['N2 12x12x9→5 k5 same (rows over two workgroups)', [2, 12, 12, 9], [5, 5], 5, opts('same')],
];

describe('conv2d direct kernels WebGPU vs CPU', () => {
  afterEach(() => {
    convPaths.forward = 'auto';
    convPaths.gradInput = 'auto';
    convPaths.gradFilter = 'auto';
  });

  it.each(cases)('%s: forward (bias + relu), input and filter gradients', async (_n, xShape, k, cout, o) => {
    const gpu = await gpuBackend();
    convPaths.forward = 'direct';
    convPaths.gradInput = 'direct';
    convPaths.gradFilter = 'direct';
    const [xc, xg] = randomPair(gpu, xShape);
    const [wc, wg] = randomPair(gpu, [k[0], k[1], xShape[3], cout]);
    const [bc, bg] = randomPair(gpu, [cout]);
    const yc = cpu.conv2d(xc, wc, { ...o, bias: bc, activation: 'relu' });
    await expectClose(gpu.conv2d(xg, wg, { ...o, bias: bg, activation: 'relu' }), yc, 'y');
    await expectClose(gpu.conv2d(xg, wg, o), cpu.conv2d(xc, wc, o), 'y linear, no bias');
    const [dyc, dyg] = randomPair(gpu, yc.shape);
    await expectClose(gpu.conv2dGradInput(dyg, wg, xShape, o), cpu.conv2dGradInput(dyc, wc, xShape, o), 'dx');
    await expectClose(gpu.conv2dGradFilter(xg, dyg, wc.shape, o), cpu.conv2dGradFilter(xc, dyc, wc.shape, o), 'dW');
  });

  it('filter gradient is bit-reproducible run to run (no atomics)', async () => {
    const gpu = await gpuBackend();
    convPaths.gradFilter = 'direct';
    const [, xg] = randomPair(gpu, [4, 28, 28, 1]);
    const [, dyg] = randomPair(gpu, [4, 24, 24, 8]);
    const a = await gpu.conv2dGradFilter(xg, dyg, [5, 5, 1, 8], opts('valid')).read();
    const b = await gpu.conv2dGradFilter(xg, dyg, [5, 5, 1, 8], opts('valid')).read();
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('sizes the pixel split from the shape and the adapter', () => {
    // MNIST conv 1 at batch 64: 25 rows, 36864 pixels.
    expect(gradFilterSplits(25, 36864, true)).toEqual({ wg: 32, splits: 32, chunk: 1152 });
    expect(gradFilterSplits(25, 36864, false).splits).toBe(288); // ≤ pixels / (4·wg)
    expect(gradFilterSplits(25, 100, true)).toEqual({ wg: 32, splits: 1, chunk: 128 });
    const s = gradFilterSplits(200, 4096, false);
    expect(s.splits * s.chunk).toBeGreaterThanOrEqual(4096);
    expect((s.splits - 1) * s.chunk).toBeLessThan(4096);
  });
});
