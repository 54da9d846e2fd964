// The GEMM layouts and operand shapes the kernel tests of every backend walk through (WebGPU:
// webgpu/gemm-testing.ts, wasm: wasm/testing.ts), in one place.

/** Operand shapes of op(a) [M, K] · op(b) [K, N] with leading batch dims. */
export function gemmShapes(M: number, N: number, K: number, transA: boolean, transB: boolean, batch: number[] = []): number[][] {
  return [
    [...batch, ...(transA ? [K, M] : [M, K])],
    [...batch, ...(transB ? [N, K] : [K, N])],
  ];
}

export const LAYOUTS = [
  ['NN', false, false],
  ['NT', false, true],
  ['TN', true, false],
  ['TT', true, true],
] as const;
