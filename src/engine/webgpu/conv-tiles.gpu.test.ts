// conv2d on the GPU with wide channel counts (the larger register-tile shapes) and the
// fused bias + activation epilogue, vs the CPU reference.
import { describe, expect, it } from 'vitest';
import { gpuBackend } from './test-backend';
import { convOptions as opts, cpu, expectClose, randomPair } from './conv-testing';

describe('conv2d WebGPU vs CPU: wide tiles and epilogues', () => {
  it.each([
    ['N1 9x9x20→33 k3 same', [1, 9, 9, 20], 3, opts('same')],
    ['N2 5x3x20→33 k1 valid (1x1)', [2, 5, 3, 20], 1, opts('valid')],
  ] as const)('%s: forward and all gradients', async (_n, xShape, k, o) => {
    const gpu = await gpuBackend();
    const [xc, xg] = randomPair(gpu, xShape);
    const [wc, wg] = randomPair(gpu, [k, k, 20, 33]);
    const yc = cpu.conv2d(xc, wc, o);
    await expectClose(gpu.conv2d(xg, wg, o), yc, 'y');
    const [dyc, dyg] = randomPair(gpu, yc.shape);
    await expectClose(gpu.conv2dGradInput(dyg, wg, xShape, o), cpu.conv2dGradInput(dyc, wc, xShape, o), 'dx');
    await expectClose(gpu.conv2dGradFilter(xg, dyg, wc.shape, o), cpu.conv2dGradFilter(xc, dyc, wc.shape, o), 'dW');
    await expectClose(gpu.conv2dGradBias(dyg), cpu.conv2dGradBias(dyc), 'db');
  });

  // NOTE: each activation is its own pipeline, and SwiftShader compiles slowly: gelu (the
  // longest prelude) and leakyRelu (reads alpha) stand for the rest.
  it.each([
    ['gelu', undefined],
    ['leakyRelu', 0.3],
  ] as const)('fuses bias + %s into the forward epilogue', async (activation, alpha) => {
    const gpu = await gpuBackend();
    const [xc, xg] = randomPair(gpu, [2, 5, 4, 3]);
    const [wc, wg] = randomPair(gpu, [3, 3, 3, 6]);
    const [bc, bg] = randomPair(gpu, [6]);
    const o = { ...opts('same', 2), activation, alpha };
    const y = gpu.conv2d(xg, wg, { ...o, bias: bg });
    await expectClose(y, cpu.conv2d(xc, wc, { ...o, bias: bc }), activation);
    expect((await y.read()).some((v) => v < 0)).toBe(true);
  });
});
