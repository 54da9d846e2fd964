// The GEMM lab's naive and workgroup-tiled kernels (and the register-tiled one through the
// lab's closure) vs the CPU reference on odd sizes in every lab layout: sizes that are not
// multiples of the 16×16 tile exercise the bounds checks of the shared-memory loads.
import { describe, it } from 'vitest';
import { gpuBackend } from './test-backend';
import { compareWithCpu } from './gemm-testing';
import { LAB_KERNELS, LAB_LAYOUTS, labGemm, labShapes } from './gemm-lab';

describe('GEMM lab kernels vs CPU', () => {
  const sizes: [number, number, number][] = [
    [1, 1, 1],
    [3, 17, 65],
    [65, 129, 3],
    [17, 3, 129],
    [129, 65, 17],
  ];
  for (const kernel of LAB_KERNELS)
    for (const layout of LAB_LAYOUTS)
      it(`${kernel} ${layout} on odd sizes`, async () => {
        const gpu = await gpuBackend();
        for (const [M, N, K] of sizes) {
          const g = { M, N, K, layout };
          const { a, b } = labShapes(g);
          await compareWithCpu(gpu, [a, b], (be, [x, y]) => {
            if (be !== gpu) return be.matmul(x, y, { transA: layout[0] === 'T', transB: layout[1] === 'T' });
            const out = gpu.empty([M, N]);
            labGemm(gpu, kernel, g, x, y, out)();
            return out;
          }, M * 7 + N + K);
        }
      });
});
