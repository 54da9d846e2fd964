// The wasm max and average pooling and their gradients vs the TypeScript reference (both f32
// backends) on odd shapes: 'valid' and 'same' (clipped windows), overlapping and uneven
// strides, channel counts with and without a SIMD tail, ties (values on a coarse grid: the
// first maximum must win). The same loops and arithmetic, so the outputs are equal bit for bit.
import { describe, expect, it } from 'vitest';
import type { Pool2dOptions } from '../kernels/conv';
import { createCpuBackend, type CpuBackend } from '../cpu/backend';
import { Rng } from '../random';
import { sizeOf, type Shape } from '../shape';
import { wasm } from './testing';

const reference = createCpuBackend('f32');

// [x shape, options]
const CASES: [Shape, Pool2dOptions][] = [
  [[1, 1, 1, 1], { poolSize: [1, 1], strides: [1, 1], padding: 'valid' }],
  [[2, 7, 9, 3], { poolSize: [2, 2], strides: [2, 2], padding: 'valid' }],
  [[1, 7, 9, 5], { poolSize: [3, 3], strides: [2, 2], padding: 'same' }],
  [[3, 5, 6, 4], { poolSize: [3, 2], strides: [1, 2], padding: 'same' }],
  [[1, 9, 7, 9], { poolSize: [2, 3], strides: [3, 1], padding: 'valid' }],
  [[2, 16, 16, 8], { poolSize: [2, 2], strides: [2, 2], padding: 'same' }],
];

function run(b: CpuBackend, shape: Shape, o: Pool2dOptions, seed: number): number[][] {
  const rng = new Rng(seed);
  // A coarse grid (multiples of 1/8) so that windows hold ties.
  const x = b.upload(Float32Array.from({ length: sizeOf(shape) }, () => Math.round(rng.range(-1, 1) * 8) / 8), shape);
  const { y, argmax } = b.maxPool2d(x, o);
  const dy = b.upload(Float32Array.from({ length: y.size }, () => rng.range(-1, 1)), y.shape);
  const avg = b.avgPool2d(x, o);
  return [y, argmax, b.maxPool2dGrad(dy, argmax, shape, o), avg, b.avgPool2dGrad(dy, shape, o)].map((t) => Array.from(b.readSync(t)));
}

describe('wasm pooling vs the TypeScript reference (bit for bit)', () => {
  for (const [i, [shape, o]] of CASES.entries())
    it(`[${shape.join(', ')}] pool ${o.poolSize.join('x')} stride ${o.strides.join('x')} ${o.padding}`, () => {
      const want = run(reference, shape, o, i + 1);
      const got = run(wasm, shape, o, i + 1);
      for (const [k, name] of ['max y', 'argmax', 'max dx', 'avg y', 'avg dx'].entries()) expect(got[k], name).toEqual(want[k]);
      expect(got[2].some((v) => v !== 0)).toBe(true);
    });
});
