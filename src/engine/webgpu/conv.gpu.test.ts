// Our conv2d WGSL kernels (implicit GEMMs) vs the CPU reference on random inputs with odd
// shapes: forward with fused epilogues, input, filter and bias gradients.
import { describe, expect, it } from 'vitest';
import type { Conv2dOptions } from '../kernels/conv';
import type { Shape } from '../shape';
import { gpuBackend } from './test-backend';
import { convOptions as opts, cpu, expectClose, randomPair } from './conv-testing';

interface Case {
  name: string;
  x: Shape;
  k: [number, number];
  cout: number;
  o: Conv2dOptions;
}

const cases: Case[] = [
  { name: 'N2 7x5x3→4 k3 same s1', x: [2, 7, 5, 3], k: [3, 3], cout: 4, o: opts('same') },
  { name: 'N2 7x5x3→4 k3 valid s2', x: [2, 7, 5, 3], k: [3, 3], cout: 4, o: opts('valid', 2) },
  { name: 'N2 7x5x3→4 k3 same s2', x: [2, 7, 5, 3], k: [3, 3], cout: 4, o: opts('same', 2) },
  { name: 'N1 7x6x3→4 k3 same d2', x: [1, 7, 6, 3], k: [3, 3], cout: 4, o: opts('same', 1, 2) },
  { name: 'N1 8x7x2→3 k5 same s3 (asymmetric pads)', x: [1, 8, 7, 2], k: [5, 5], cout: 3, o: opts('same', 3) },
  { name: 'N1 6x5x2→5 k2x3 same s(1,2) even kernel', x: [1, 6, 5, 2], k: [2, 3], cout: 5, o: { padding: 'same', strides: [1, 2], dilation: [1, 1] } },
  { name: 'N2 28x28x1→8 k5 valid (MNIST CNN)', x: [2, 28, 28, 1], k: [5, 5], cout: 8, o: opts('valid') },
];

describe('conv2d WebGPU vs CPU', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s: forward, grad input, grad filter, grad bias', async (_n, c) => {
    const gpu = await gpuBackend();
    const [xc, xg] = randomPair(gpu, c.x);
    const [wc, wg] = randomPair(gpu, [c.k[0], c.k[1], c.x[3], c.cout]);
    const yc = cpu.conv2d(xc, wc, c.o);
    await expectClose(gpu.conv2d(xg, wg, c.o), yc, 'y');
    const [dyc, dyg] = randomPair(gpu, yc.shape);
    await expectClose(gpu.conv2dGradInput(dyg, wg, c.x, c.o), cpu.conv2dGradInput(dyc, wc, c.x, c.o), 'dx');
    await expectClose(gpu.conv2dGradFilter(xg, dyg, wc.shape, c.o), cpu.conv2dGradFilter(xc, dyc, wc.shape, c.o), 'dW');
    await expectClose(gpu.conv2dGradBias(dyg), cpu.conv2dGradBias(dyc), 'db');
  });

  it('splits the filter-gradient reduction (split-K) and sums tall bias gradients in two passes', async () => {
    const gpu = await gpuBackend();
    const o = opts('valid');
    const [xc, xg] = randomPair(gpu, [4, 28, 28, 1]);
    const [dyc, dyg] = randomPair(gpu, [4, 24, 24, 8]);
    await expectClose(gpu.conv2dGradFilter(xg, dyg, [5, 5, 1, 8], o), cpu.conv2dGradFilter(xc, dyc, [5, 5, 1, 8], o), 'dW');
    await expectClose(gpu.conv2dGradBias(dyg), cpu.conv2dGradBias(dyc), 'db');
  });

  it('is bit-reproducible run to run (no atomics)', async () => {
    const gpu = await gpuBackend();
    const [, xg] = randomPair(gpu, [4, 28, 28, 1]);
    const [, dyg] = randomPair(gpu, [4, 24, 24, 8]);
    const a = await gpu.conv2dGradFilter(xg, dyg, [5, 5, 1, 8], opts('valid')).read();
    const b = await gpu.conv2dGradFilter(xg, dyg, [5, 5, 1, 8], opts('valid')).read();
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});
