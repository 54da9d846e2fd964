import { describe, expect, it } from 'vitest';
import { createCpuBackend } from './backend';
import { Rng } from '../random';
import { closeness, opCasesFor, toFloat32 } from '../../testdata/goldens';
import { POINTWISE_CPU } from './pointwise.gen';
import type { Activation } from '../kernels/pointwise';

/** The obvious triple loop in float64: the reference the blocked kernel must match. */
function naive(a: ArrayLike<number>, b: ArrayLike<number>, M: number, N: number, K: number, tA: boolean, tB: boolean): Float64Array {
  const c = new Float64Array(M * N);
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += (tA ? a[k * M + i] : a[i * K + k]) * (tB ? b[j * K + k] : b[k * N + j]);
      c[i * N + j] = s;
    }
  return c;
}

const rand = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.range(-1, 1));

describe('CPU matmul (cache-blocked)', () => {
  // Sizes straddle the KC=64 / NC=256 blocks so partial blocks are exercised.
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [3, 5, 7],
    [17, 1, 65],
    [65, 300, 129],
    [2, 513, 70],
  ];
  for (const [M, N, K] of shapes)
    for (const tA of [false, true])
      for (const tB of [false, true]) {
        it(`${tA ? 'T' : 'N'}${tB ? 'T' : 'N'} ${M}x${N}x${K} equals the naive f64 loop`, () => {
          const b64 = createCpuBackend('f64');
          const rng = new Rng(M * 1000 + N * 10 + K);
          const av = rand(rng, M * K);
          const bv = rand(rng, K * N);
          const a = b64.upload(av, tA ? [K, M] : [M, K]);
          const b = b64.upload(bv, tB ? [N, K] : [K, N]);
          const y = b64.matmul(a, b, { transA: tA, transB: tB });
          expect(y.shape).toEqual([M, N]);
          expect(closeness(b64.readSync(y), naive(av, bv, M, N, K, tA, tB), 1e-12, 1e-12)).toBeLessThanOrEqual(1);
        });
      }

  it('batches with equal batch dims and with a shared 2-D b', () => {
    const cpu = createCpuBackend('f64');
    const rng = new Rng(3);
    const [B, M, N, K] = [3, 4, 5, 6];
    const av = rand(rng, B * M * K);
    const bv = rand(rng, B * K * N);
    const a = cpu.upload(av, [B, M, K]);
    const yb = cpu.readSync(cpu.matmul(a, cpu.upload(bv, [B, K, N])));
    const ys = cpu.readSync(cpu.matmul(a, cpu.upload(bv.slice(0, K * N), [K, N])));
    for (let p = 0; p < B; p++) {
      const ap = av.slice(p * M * K, (p + 1) * M * K);
      expect(closeness(yb.slice(p * M * N, (p + 1) * M * N), naive(ap, bv.slice(p * K * N), M, N, K, false, false), 1e-12, 1e-12)).toBeLessThanOrEqual(1);
      expect(closeness(ys.slice(p * M * N, (p + 1) * M * N), naive(ap, bv, M, N, K, false, false), 1e-12, 1e-12)).toBeLessThanOrEqual(1);
    }
  });

  it('fuses bias and every activation, and keeps z beside y when asked', () => {
    const cpu = createCpuBackend('f64');
    const rng = new Rng(4);
    const [M, N, K] = [5, 7, 3];
    const av = rand(rng, M * K);
    const bv = rand(rng, K * N);
    const biasv = rand(rng, N);
    const ref = naive(av, bv, M, N, K, false, false).map((v, i) => v + biasv[i % N]);
    for (const act of ['relu', 'leakyRelu', 'elu', 'gelu', 'silu', 'tanh', 'sigmoid', 'softplus'] as Activation[]) {
      const opts = { bias: cpu.upload(biasv, [N]), activation: act, alpha: 0.2 };
      const { y, z } = cpu.matmulWithPreActivation(cpu.upload(av, [M, K]), cpu.upload(bv, [K, N]), opts);
      expect(closeness(cpu.readSync(z), ref, 1e-12, 1e-12)).toBeLessThanOrEqual(1);
      const want = ref.map((v) => POINTWISE_CPU[act].f(v, 0.2));
      expect(closeness(cpu.readSync(y), want, 1e-12, 1e-12)).toBeLessThanOrEqual(1);
      const y1 = cpu.matmul(cpu.upload(av, [M, K]), cpu.upload(bv, [K, N]), opts);
      expect(Array.from(cpu.readSync(y1))).toEqual(Array.from(cpu.readSync(y)));
    }
  });

  it('epilogue grad: dz = dy·act\'(z, y) and dbias = column sums', () => {
    const cpu = createCpuBackend('f64');
    const rng = new Rng(5);
    const zv = rand(rng, 2 * 3 * 4);
    const dyv = rand(rng, 2 * 3 * 4);
    const z = cpu.upload(zv, [2, 3, 4]);
    const y = cpu.upload(zv.map((v) => Math.tanh(v)), [2, 3, 4]);
    const { dz, dbias } = cpu.matmulEpilogueGrad(cpu.upload(dyv, [2, 3, 4]), z, y, { activation: 'tanh', biasGrad: true });
    const want = dyv.map((g, i) => g * (1 - Math.tanh(zv[i]) ** 2));
    expect(closeness(cpu.readSync(dz), want, 1e-12, 1e-12)).toBeLessThanOrEqual(1);
    const sums = [0, 1, 2, 3].map((j) => want.filter((_, i) => i % 4 === j).reduce((s, v) => s + v, 0));
    expect(closeness(cpu.readSync(dbias!), sums, 1e-12, 1e-12)).toBeLessThanOrEqual(1);
    const dy = cpu.upload(dyv, [6, 4]);
    expect(cpu.matmulEpilogueGrad(dy, null, null, {}).dz).toBe(dy);
  });

  it('rejects mismatched shapes with a sentence naming both', () => {
    const cpu = createCpuBackend();
    expect(() => cpu.matmul(cpu.zeros([2, 3]), cpu.zeros([4, 5]))).toThrow(/\[2, 3\].*\[4, 5\].*K 3 vs 4/);
    expect(() => cpu.matmul(cpu.zeros([2, 2, 3]), cpu.zeros([3, 3, 5]))).toThrow(/batch dims/);
    expect(() => cpu.matmul(cpu.zeros([2, 3]), cpu.zeros([3, 5]), { bias: cpu.zeros([4]) })).toThrow(/bias must have shape \[5\]/);
  });
});

describe('CPU matmul vs PyTorch goldens', () => {
  for (const c of opCasesFor('gemm')) {
    it(c.name, () => {
      const cpu = createCpuBackend('f32');
      const { transA, transB, activation } = c.attrs;
      const a = cpu.upload(toFloat32(c.inputs.a), c.inputs.a.shape);
      const b = cpu.upload(toFloat32(c.inputs.b), c.inputs.b.shape);
      const bias = c.inputs.bias ? cpu.upload(toFloat32(c.inputs.bias), c.inputs.bias.shape) : undefined;
      const y = cpu.matmul(a, b, { transA, transB, bias, activation: activation as Activation | undefined });
      expect(y.shape).toEqual(c.outputs.y.shape);
      expect(closeness(cpu.readSync(y), c.outputs.y.data)).toBeLessThanOrEqual(1);
    });
  }
});
