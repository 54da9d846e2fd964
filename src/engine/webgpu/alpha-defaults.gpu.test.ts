// Called without alpha, every WebGPU path that applies leakyRelu or elu gives PyTorch's
// value at x = -1 (the pointwise table's defaults), forward and gradient: the same paths as
// the CPU test, plus the conv forward on both its kernels and the split-K GEMM epilogue.
import { afterEach, describe, expect, it } from 'vitest';
import { gpuBackend } from './test-backend';
import { convPaths } from './conv-direct';
import { gpuMatmul } from './matmul';
import { ALPHA_PATHS, runAlphaPath, TORCH_AT_MINUS_ONE, type AlphaActivation } from '../testing/alpha-defaults';

const ACTS = Object.keys(TORCH_AT_MINUS_ONE) as AlphaActivation[];
// f32 on the GPU: WGSL's exp may differ from the CPU's by a few ulps.
const DIGITS = 6;

describe('default alpha on the WebGPU backend (x = -1, alpha left out)', () => {
  afterEach(() => {
    convPaths.forward = 'auto';
  });

  for (const path of ALPHA_PATHS) {
    it(path.name, async () => {
      const gpu = await gpuBackend();
      for (const act of ACTS) {
        const got = await runAlphaPath(path, gpu, act);
        expect(got.y, `${act} y`).toBeCloseTo(TORCH_AT_MINUS_ONE[act].y, DIGITS);
        if (got.dx !== undefined) expect(got.dx, `${act} dx`).toBeCloseTo(TORCH_AT_MINUS_ONE[act].dx, DIGITS);
      }
    });
  }

  for (const kernel of ['direct', 'gemm'] as const) {
    it(`conv2d forward epilogue on the ${kernel} kernel`, async () => {
      const gpu = await gpuBackend();
      convPaths.forward = kernel;
      for (const act of ACTS) {
        const x = gpu.upload([-1, -1, -1], [1, 1, 3, 1]);
        const y = gpu.conv2d(x, gpu.upload([1], [1, 1, 1, 1]), { strides: [1, 1], padding: 'valid', dilation: [1, 1], activation: act });
        for (const v of await y.read()) expect(v, act).toBeCloseTo(TORCH_AT_MINUS_ONE[act].y, DIGITS);
      }
    });
  }

  it('split-K GEMM epilogue (the reduce kernel applies the activation)', async () => {
    const gpu = await gpuBackend();
    const k = gpuMatmul(gpu);
    // x [3, 37] with one -1 per row, w [37, 17] of ones in that row: every output is -1.
    const [M, K, N] = [3, 37, 17];
    const xv = new Float32Array(M * K);
    for (let r = 0; r < M; r++) xv[r * K + 5] = -1;
    const x = gpu.upload(xv, [M, K]);
    const w = gpu.upload(Float32Array.from({ length: K * N }, (_, i) => (Math.floor(i / N) === 5 ? 1 : 0)), [K, N]);
    for (const act of ACTS) {
      const out = gpu.empty([M, N]);
      k.gemm({ a: x, b: w, options: { activation: act }, forced: { BK: 4, splits: 3 } }, out);
      for (const v of await out.read()) expect(v, act).toBeCloseTo(TORCH_AT_MINUS_ONE[act].y, DIGITS);
    }
  });
});
