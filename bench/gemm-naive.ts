// The naive GEMM (shaders/gemm-naive.wgsl) as a dispatch closure for the benchmark.
import type { WebGpuBackend } from '../src/engine/webgpu/backend';
import type { Tensor } from '../src/engine/tensor';
import naiveWgsl from '../shaders/gemm-naive.wgsl?raw';

export function naiveGemm(backend: WebGpuBackend, a: Tensor, b: Tensor, out: Tensor, M: number, N: number, K: number): () => void {
  const rt = backend.rt;
  const pipeline = rt.pipeline({ code: naiveWgsl, label: 'gemm naive' });
  const params = rt.params(pipeline, { M, N, K });
  const bindings = [params, backend.storageOf(a), backend.storageOf(b), backend.storageOf(out)];
  return () => rt.dispatch(pipeline, bindings, [Math.ceil(N / 16), Math.ceil(M / 16)], 'gemm-naive');
}
