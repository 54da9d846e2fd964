// The naive GEMM (shaders/gemm-naive.wgsl) as a dispatch closure for the benchmark; the GEMM
// lab's kernel (src/engine/webgpu/gemm-lab.ts) in its NN layout.
import type { WebGpuBackend } from '../src/engine/webgpu/backend';
import type { Tensor } from '../src/engine/tensor';
import { labGemm } from '../src/engine/webgpu/gemm-lab';

export function naiveGemm(backend: WebGpuBackend, a: Tensor, b: Tensor, out: Tensor, M: number, N: number, K: number): () => void {
  return labGemm(backend, 'naive', { M, N, K, layout: 'NN' }, a, b, out);
}
