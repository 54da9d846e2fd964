// relu and leakyRelu on the wasm backend vs the TypeScript reference (both f32 backends),
// forward and gradient, on odd sizes (the f64x2 kernel's odd tail) with ±0, NaN and ±∞ among
// the inputs: equal bit for bit (±0 told apart); other activations go to the reference.
import { describe, expect, it } from 'vitest';
import type { UnaryOp } from '../kernels/pointwise';
import { createCpuBackend, type CpuBackend } from '../cpu/backend';
import { Rng } from '../random';
import { wasm } from './testing';

const reference = createCpuBackend('f32');
const SIZES = [1, 3, 7, 1000, 4099];
const SPECIAL = [0, -0, NaN, Infinity, -Infinity, 1e-30, -1e-30];

function run(b: CpuBackend, op: UnaryOp, n: number, alpha: number | undefined): number[][] {
  const rng = new Rng(n + op.length);
  const xv = Float32Array.from({ length: n }, (_, i) => (i % 13 === 5 ? SPECIAL[i % SPECIAL.length] : rng.range(-3, 3)));
  const dyv = Float32Array.from({ length: n }, (_, i) => (i % 17 === 3 ? SPECIAL[i % SPECIAL.length] : rng.range(-1, 1)));
  const x = b.upload(xv, [n]);
  const y = b.unary(op, x, alpha);
  const dx = b.unaryGrad(op, x, y, b.upload(dyv, [n]), alpha);
  return [y, dx].map((t) => Array.from(b.readSync(t)));
}

describe('wasm relu and leakyRelu vs the TypeScript reference (bit for bit)', () => {
  for (const [op, alpha] of [['relu', undefined], ['leakyRelu', undefined], ['leakyRelu', 0.2], ['leakyRelu', 0.3]] as const)
    it(`${op}${alpha === undefined ? '' : ` alpha ${alpha}`}, sizes ${SIZES.join(' ')}`, () => {
      for (const n of SIZES) {
        const want = run(reference, op, n, alpha);
        const got = run(wasm, op, n, alpha);
        expect(got[0], `y n=${n}`).toEqual(want[0]);
        expect(got[1], `dx n=${n}`).toEqual(want[1]);
      }
    });

  it('leaves the other activations to the reference', () => {
    expect(run(wasm, 'gelu', 7, undefined)).toEqual(run(reference, 'gelu', 7, undefined));
  });
});
