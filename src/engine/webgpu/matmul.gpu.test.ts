// The WGSL GEMM vs the CPU reference on random inputs: every layout on sizes that are not
// multiples of any tile (vec4 and scalar access paths), each register block and tile the
// chooser can pick, and a 1000-row case with many tiles.
import { describe, it } from 'vitest';
import { gpuBackend } from './test-backend';
import { gpuMatmul } from './matmul';
import { compareWithCpu, gemmShapes, LAYOUTS } from './gemm-testing';

describe('WebGPU GEMM vs CPU', () => {
  // M, N, K from {1, 3, 17, 65, 129}; [64, 20, 36] takes the all-vec4 path.
  const sizes: [number, number, number][] = [
    [1, 1, 1],
    [3, 17, 65],
    [65, 129, 3],
    [64, 20, 36],
  ];
  for (const [name, transA, transB] of LAYOUTS)
    it(`${name} on odd sizes`, async () => {
      const gpu = await gpuBackend();
      for (const [M, N, K] of sizes) {
        await compareWithCpu(gpu, gemmShapes(M, N, K, transA, transB), (b, [x, y]) => b.matmul(x, y, { transA, transB }), M + N + K);
      }
    });

  it('1000 rows (many tiles), chosen tile and the 128×128 tile with 8×8 registers', async () => {
    const gpu = await gpuBackend();
    const k = gpuMatmul(gpu);
    await compareWithCpu(gpu, gemmShapes(1000, 68, 40, false, false), (b, [x, y]) => b.matmul(x, y));
    // SwiftShader never picks the 256-thread tile itself (gemm-config.ts): forced here.
    await compareWithCpu(gpu, gemmShapes(1000, 68, 40, false, false), (b, [x, y]) => {
      if (b !== gpu) return b.matmul(x, y);
      const out = gpu.empty([1000, 68]);
      k.gemm({ a: x, b: y, options: {}, forced: { TX: 16, TY: 16, BK: 16, RM: 8, RN: 8 } }, out);
      return out;
    });
  });

  it('every forced tile shape on an edge-heavy size', async () => {
    const gpu = await gpuBackend();
    const k = gpuMatmul(gpu);
    for (const forced of [
      { TX: 4, TY: 8, BK: 4, RM: 4, RN: 8 },
      { TX: 8, TY: 4, BK: 8, RM: 8, RN: 4 },
      { TX: 4, TY: 4, BK: 16, RM: 8, RN: 8 },
    ]) {
      await compareWithCpu(gpu, gemmShapes(37, 29, 19, false, true), (b, [x, y]) => {
        if (b !== gpu) return b.matmul(x, y, { transB: true });
        const out = gpu.empty([37, 29]);
        k.gemm({ a: x, b: y, options: { transB: true }, forced }, out);
        return out;
      });
    }
  });
});
