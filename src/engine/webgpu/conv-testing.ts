// Helpers for the conv-family GPU tests: the same random values on the CPU reference and
// on the GPU, and a closeness check sized for f32 sums.
import { expect } from 'vitest';
import { createCpuBackend } from '../cpu/backend';
import type { Conv2dOptions } from '../kernels/conv';
import { Rng } from '../random';
import { sizeOf, type Shape } from '../shape';
import type { Tensor } from '../tensor';
import { closeness } from '../../testdata/goldens';

export const cpu = createCpuBackend('f32');
const rng = new Rng(11);

/** The same random values in [-1, 1) as a CPU tensor and a GPU tensor. */
export function randomPair(gpu: { upload(d: ArrayLike<number>, s: Shape): Tensor }, shape: Shape): [Tensor, Tensor] {
  const data = Float32Array.from({ length: sizeOf(shape) }, () => rng.range(-1, 1));
  return [cpu.upload(data, shape), gpu.upload(data, shape)];
}

/** GPU result vs CPU reference: rtol 1e-4, atol 1e-5 (f32 sums in different orders). */
export async function expectClose(gpuT: Tensor, cpuT: Tensor, what: string): Promise<void> {
  expect(gpuT.shape, what).toEqual(cpuT.shape);
  const got = await gpuT.read();
  expect(closeness(got, cpu.readSync(cpuT), 1e-4, 1e-5), what).toBeLessThanOrEqual(1);
}

export const convOptions = (padding: 'same' | 'valid', s = 1, d = 1): Conv2dOptions => ({ padding, strides: [s, s], dilation: [d, d] });
