// Helpers for the wasm backend's tests: the same computation on the wasm backend and on the
// TypeScript reference from identical random f32 inputs, compared with an f32-sum tolerance.
import { expect } from 'vitest';
import { createCpuBackend } from '../cpu/backend';
import { Rng } from '../random';
import { sizeOf, type Shape } from '../shape';
import type { Backend } from '../backend';
import type { Tensor } from '../tensor';
import { closeness } from '../../testdata/goldens';
import { createWasmBackend } from './backend';

export const wasm = createWasmBackend();
/** The reference in float64: its own rounding error is far below the tolerance. */
const reference = createCpuBackend('f64');

/**
 * run() on both backends with the same random inputs in [-1, 1) (f32 values); every output
 * must match within `rtol` and `atol` (closeness in src/testdata/goldens.ts). Returns the
 * wasm outputs' values.
 */
export function compareWithReference(shapes: Shape[], run: (b: Backend, inputs: Tensor[]) => Tensor | Tensor[], seed = 1, rtol = 1e-4, atol = 1e-4): Float32Array[] {
  const rng = new Rng(seed);
  const values = shapes.map((s) => Float32Array.from({ length: sizeOf(s) }, () => rng.range(-1, 1)));
  const want = [run(reference, values.map((v, i) => reference.upload(v, shapes[i])))].flat();
  const got = [run(wasm, values.map((v, i) => wasm.upload(v, shapes[i])))].flat();
  expect(got.length).toBe(want.length);
  return got.map((t, i) => {
    expect(t.shape, `output ${i}`).toEqual(want[i].shape);
    const v = wasm.readSync(t) as Float32Array;
    expect(closeness(v, reference.readSync(want[i]), rtol, atol), `output ${i}`).toBeLessThanOrEqual(1);
    return v;
  });
}

export { gemmShapes, LAYOUTS } from '../testing/gemm-shapes';
