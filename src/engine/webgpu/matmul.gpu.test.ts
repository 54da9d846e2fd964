// WGSL GEMM vs the CPU reference on random inputs with sizes that are not multiples of
// any tile, every layout, batched, with the fused epilogue, forward and backward kernels.
import { describe, expect, it } from 'vitest';
import { gpuBackend } from './test-backend';
import { createCpuBackend } from '../cpu/backend';
import { Rng } from '../random';
import { closeness } from '../../testdata/goldens';
import type { MatmulOptions } from '../kernels/matmul';
import type { Backend } from '../backend';
import type { Tensor } from '../tensor';
import type { Activation } from '../kernels/pointwise';

const cpu = createCpuBackend('f32');

function inputs(rng: Rng, shapes: number[][]): number[][] {
  return shapes.map((s) => Array.from({ length: s.reduce((x, y) => x * y, 1) }, () => rng.range(-1, 1)));
}

async function compare(gpu: Backend, shapes: number[][], run: (b: Backend, t: Tensor[]) => Tensor | Tensor[], seed = 1) {
  const values = inputs(new Rng(seed), shapes);
  const want = [run(cpu, values.map((v, i) => cpu.upload(v, shapes[i])))].flat();
  const got = [run(gpu, values.map((v, i) => gpu.upload(v, shapes[i])))].flat();
  for (let i = 0; i < want.length; i++) {
    expect(got[i].shape).toEqual(want[i].shape);
    // f32 sums of up to ~1000 terms in a different order: 1e-4 relative.
    expect(closeness(await gpu.read(got[i]), cpu.readSync(want[i]), 1e-4, 1e-4), `output ${i}`).toBeLessThanOrEqual(1);
    got[i].dispose();
  }
}

const layouts = [
  ['NN', false, false],
  ['NT', false, true],
  ['TN', true, false],
  ['TT', true, true],
] as const;

const gemmShapes = (M: number, N: number, K: number, tA: boolean, tB: boolean, batch: number[] = []) => [
  [...batch, ...(tA ? [K, M] : [M, K])],
  [...batch, ...(tB ? [N, K] : [K, N])],
];

describe('WebGPU GEMM vs CPU', () => {
  // M, N, K from {1, 3, 17, 65, 129}: edges of every tile, vec4 and scalar access paths.
  const sizes: [number, number, number][] = [
    [1, 1, 1],
    [3, 17, 65],
    [17, 3, 129],
    [65, 129, 3],
    [129, 65, 17],
    [64, 20, 36],
  ];
  for (const [name, tA, tB] of layouts)
    it(`${name} on odd sizes`, async () => {
      const gpu = await gpuBackend();
      for (const [M, N, K] of sizes) await compare(gpu, gemmShapes(M, N, K, tA, tB), (b, [x, y]) => b.matmul(x, y, { transA: tA, transB: tB }), M + N + K);
    });

  it('NN, NT and TN at about 1000 (every vec4 path, many tiles)', async () => {
    const gpu = await gpuBackend();
    for (const [, tA, tB] of layouts.slice(0, 3)) {
      await compare(gpu, gemmShapes(1000, 68, 100, tA, tB), (b, [x, y]) => b.matmul(x, y, { transA: tA, transB: tB }));
    }
  });

  it('batched (workgroup z) with equal batch dims and with a shared b', async () => {
    const gpu = await gpuBackend();
    for (const [, tA, tB] of layouts) {
      await compare(gpu, gemmShapes(17, 9, 12, tA, tB, [3]), (b, [x, y]) => b.matmul(x, y, { transA: tA, transB: tB }));
      const [as, bs] = gemmShapes(5, 8, 7, tA, tB, [2, 2]);
      await compare(gpu, [as, bs.slice(2)], (b, [x, y]) => b.matmul(x, y, { transA: tA, transB: tB }));
    }
  });

  it('fused bias + activation, and z kept beside y', async () => {
    const gpu = await gpuBackend();
    const acts: Activation[] = ['relu', 'leakyRelu', 'elu', 'gelu', 'silu', 'tanh', 'sigmoid', 'softplus', 'linear'];
    for (const [i, activation] of acts.entries()) {
      const [M, N, K] = i % 2 ? [33, 12, 40] : [7, 65, 9];
      const opts = (bias: Tensor): MatmulOptions => ({ bias, activation, alpha: 0.3 });
      await compare(gpu, [[M, K], [K, N], [N]], (b, [x, w, bias]) => b.matmul(x, w, opts(bias)), i);
      await compare(gpu, [[M, K], [N, K], [N]], (b, [x, w, bias]) => {
        const { y, z } = b.matmulWithPreActivation(x, w, { ...opts(bias), transB: true });
        return [y, z];
      }, i);
    }
  });

  it('epilogue backward: dz and the bias gradient', async () => {
    const gpu = await gpuBackend();
    for (const [rows, N] of [
      [1, 1],
      [3, 65],
      [130, 7],
    ]) {
      for (const activation of ['gelu', 'tanh', 'linear'] as Activation[]) {
        // y is any third input: the derivative formulas just read it.
        await compare(gpu, [[rows, N], [rows, N], [rows, N]], (b, [dy, z, y]) => {
          const r = b.matmulEpilogueGrad(dy, z, y, { activation, biasGrad: true, alpha: 0.1 });
          return activation === 'linear' ? [r.dbias!] : [r.dz, r.dbias!];
        });
      }
    }
  });
});
