// The WGSL GEMM's batching and fused epilogue vs the CPU reference, and the epilogue's
// backward kernel (dz and the deterministic bias column sums).
import { describe, it } from 'vitest';
import { gpuBackend } from './test-backend';
import { compareWithCpu, gemmShapes, LAYOUTS } from './gemm-testing';
import type { Activation } from '../kernels/pointwise';
import { backward } from '../tape';
import { dense } from '../ops/matmul';

describe('WebGPU GEMM: batches and the fused epilogue', () => {
  it('batched (workgroup z) with equal batch dims and with a shared 2-D b', async () => {
    const gpu = await gpuBackend();
    for (const [, transA, transB] of LAYOUTS.slice(0, 3)) {
      await compareWithCpu(gpu, gemmShapes(17, 9, 12, transA, transB, [3]), (b, [x, y]) => b.matmul(x, y, { transA, transB }));
    }
    // b shared by a [2, 2]-batch: batch stride 0 for b.
    await compareWithCpu(gpu, [[2, 2, 17, 12], [12, 9]], (b, [x, y]) => b.matmul(x, y));
  });

  it('bias + activation (vec4 and scalar stores), and z kept beside y', async () => {
    const gpu = await gpuBackend();
    const cases: [Activation, number, number, number][] = [
      ['relu', 7, 65, 9],
      ['gelu', 33, 12, 40],
    ];
    for (const [i, [activation, M, N, K]] of cases.entries()) {
      await compareWithCpu(gpu, [[M, K], [K, N], [N]], (b, [x, w, bias]) => b.matmul(x, w, { bias, activation }), i);
      await compareWithCpu(gpu, [[M, K], [N, K], [N]], (b, [x, w, bias]) => {
        const { y, z } = b.matmulWithPreActivation(x, w, { bias, activation: 'leakyRelu', alpha: 0.3, transB: true });
        return [y, z];
      }, i);
    }
  });

  it('epilogue backward: dz = dy·act\'(z, y) and the bias gradient', async () => {
    const gpu = await gpuBackend();
    for (const [rows, N] of [
      [1, 1],
      [3, 65],
      [130, 7],
    ]) {
      for (const activation of ['gelu', 'linear'] as Activation[]) {
        // y is any third input: the derivative formulas just read it.
        await compareWithCpu(gpu, [[rows, N], [rows, N], [rows, N]], (b, [dy, z, y]) => {
          const r = b.matmulEpilogueGrad(dy, z, y, { activation, biasGrad: true, alpha: 0.1 });
          return activation === 'linear' ? [r.dbias!] : [r.dz, r.dbias!];
        });
      }
    }
  });

  it('dense backward through the tape (NN + z, epilogue grad, NT, TN) matches the CPU', async () => {
    const gpu = await gpuBackend();
    await compareWithCpu(gpu, [[5, 7], [7, 6], [6], [5, 6]], (b, [x, w, bias, upstream]) => {
      for (const t of [x, w, bias]) t.requiresGrad = true;
      const grads = backward(dense(x, w, bias, 'gelu'), upstream);
      return [x, w, bias].map((t) => grads.get(t)!);
    });
  });
});
