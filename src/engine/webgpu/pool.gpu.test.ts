// Pooling WGSL kernels vs the CPU reference: max (values, argmax, gather-style gradient)
// and average (TF 'same' counting), odd shapes, overlapping windows, and a gradient with
// more than 65535 workgroups.
import { describe, expect, it } from 'vitest';
import type { Pool2dOptions } from '../kernels/conv';
import type { Shape } from '../shape';
import { gpuBackend } from './test-backend';
import { cpu, expectClose, randomPair } from './conv-testing';

const pool = (k: number, s: number, padding: 'same' | 'valid' = 'valid'): Pool2dOptions => ({ poolSize: [k, k], strides: [s, s], padding });

const cases: [string, Shape, Pool2dOptions][] = [
  ['2x2 s2 valid, odd N1 7x5x2', [1, 7, 5, 2], pool(2, 2)],
  ['3x3 s2 valid, N2 7x5x3', [2, 7, 5, 3], pool(3, 2)],
  ['3x3 s2 same, N2 6x5x2', [2, 6, 5, 2], pool(3, 2, 'same')],
  ['3x3 s1 same (overlapping), N2 7x5x3', [2, 7, 5, 3], pool(3, 1, 'same')],
  ['2x3 s(1,2) valid, N1 5x8x4', [1, 5, 8, 4], { poolSize: [2, 3], strides: [1, 2], padding: 'valid' }],
];

describe('pooling WebGPU vs CPU', () => {
  it.each(cases)('maxPool2d %s', async (_n, xShape, o) => {
    const gpu = await gpuBackend();
    const [xc, xg] = randomPair(gpu, xShape);
    const c = cpu.maxPool2d(xc, o);
    const g = gpu.maxPool2d(xg, o);
    await expectClose(g.y, c.y, 'y');
    expect(Array.from(await g.argmax.read())).toEqual(Array.from(cpu.readSync(c.argmax)));
    const [dyc, dyg] = randomPair(gpu, c.y.shape);
    await expectClose(gpu.maxPool2dGrad(dyg, g.argmax, xShape, o), cpu.maxPool2dGrad(dyc, c.argmax, xShape, o), 'dx');
  });

  it.each(cases)('avgPool2d %s', async (_n, xShape, o) => {
    const gpu = await gpuBackend();
    const [xc, xg] = randomPair(gpu, xShape);
    const yc = cpu.avgPool2d(xc, o);
    await expectClose(gpu.avgPool2d(xg, o), yc, 'y');
    const [dyc, dyg] = randomPair(gpu, yc.shape);
    await expectClose(gpu.avgPool2dGrad(dyg, xShape, o), cpu.avgPool2dGrad(dyc, xShape, o), 'dx');
  });

  it('max-pools ties to the first element in scan order', async () => {
    const gpu = await gpuBackend();
    const { argmax } = gpu.maxPool2d(gpu.upload([1, 3, 3, 0], [1, 2, 2, 1]), pool(2, 2));
    expect(Array.from(await argmax.read())).toEqual([1]);
  });

  it('spreads a gradient over more than 65535 workgroups (grid1d)', async () => {
    const gpu = await gpuBackend();
    const [H, W] = [4100, 4100]; // 16.8M inputs: 65,664 workgroups of 256 threads
    const dy = Float32Array.from({ length: (H / 2) * (W / 2) }, (_, i) => (i % 1013) - 500);
    const dx = await gpu.avgPool2dGrad(gpu.upload(dy, [1, H / 2, W / 2, 1]), [1, H, W, 1], pool(2, 2)).read();
    // 2x2 windows with stride 2 tile the image: each input gets a quarter of its window's dy.
    let wrong = 0;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) if (dx[y * W + x] !== dy[(y >> 1) * (W / 2) + (x >> 1)] / 4) wrong++;
    expect(wrong).toBe(0);
  });
});
