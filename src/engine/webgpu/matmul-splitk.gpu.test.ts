// Split-K GEMM (K slices into a partial buffer, then a fixed-order sum with the epilogue)
// vs the CPU reference: every layout on odd sizes with a short last slice, batches (equal
// and a shared 2-D b), vec4 and scalar paths, and bias + activation with z kept.
import { describe, it } from 'vitest';
import { gpuBackend } from './test-backend';
import { gpuMatmul } from './matmul';
import { compareWithCpu, gemmShapes, LAYOUTS } from './gemm-testing';
import type { Backend } from '../backend';
import type { MatmulOptions } from '../kernels/matmul';
import type { Tensor } from '../tensor';
import { gemmShape } from '../kernels/matmul';

describe('WebGPU GEMM: split-K', () => {
  // BK 4 and 3 slices: K = 37 splits as 16 + 16 + 5.
  const forced = { BK: 4, splits: 3 };

  async function setup() {
    const gpu = await gpuBackend();
    const k = gpuMatmul(gpu);
    const mm = (b: Backend, x: Tensor, y: Tensor, options: MatmulOptions, keepZ = false): Tensor[] => {
      if (b !== gpu) {
        if (!keepZ) return [b.matmul(x, y, options)];
        const r = b.matmulWithPreActivation(x, y, options);
        return [r.y, r.z];
      }
      const shape = gemmShape(x, y, options).outShape;
      const out = gpu.empty(shape);
      const z = keepZ ? gpu.empty(shape) : undefined;
      k.gemm({ a: x, b: y, options, z, forced }, out);
      return z ? [out, z] : [out];
    };
    return { gpu, mm };
  }

  it('every layout on odd sizes (scalar and vec4 paths)', async () => {
    const { gpu, mm } = await setup();
    for (const [, transA, transB] of LAYOUTS) {
      for (const [M, N, K] of [
        [17, 9, 37],
        [8, 12, 36],
      ]) {
        await compareWithCpu(gpu, gemmShapes(M, N, K, transA, transB), (b, [x, y]) => mm(b, x, y, { transA, transB }), M + K);
      }
    }
  });

  it('batches, shared b, and bias + activation with z kept', async () => {
    const { gpu, mm } = await setup();
    await compareWithCpu(gpu, gemmShapes(5, 7, 37, true, false, [3]), (b, [x, y]) => mm(b, x, y, { transA: true }));
    await compareWithCpu(gpu, [[2, 9, 37], [37, 6]], (b, [x, y]) => mm(b, x, y, {}));
    await compareWithCpu(gpu, [[9, 37], [13, 37], [13]], (b, [x, w, bias]) =>
      mm(b, x, w, { transB: true, bias, activation: 'leakyRelu', alpha: 0.3 }, true),
    );
    await compareWithCpu(gpu, [[2, 37, 8], [2, 37, 12], [12]], (b, [x, w, bias]) =>
      mm(b, x, w, { transA: true, bias, activation: 'gelu' }, true),
    );
  });
});
