// The GEMM lab's kernels: the same product op(A)·op(B) by three kernels that differ only in
// how they use the memory hierarchy, so the page can show what each step buys on the
// user's own GPU: (1) naive, one thread per output straight from global memory;
// (2) workgroup-tiled, 16×16 tiles staged in shared memory, one output per thread;
// (3) the engine's own register-tiled vec4 GEMM (matmul.ts), each thread a block of outputs.
import type { Backend } from '../backend';
import type { Tensor } from '../tensor';
import type { GpuCore } from './core';
import { gpuMatmul } from './matmul';
import naiveWgsl from '../../../shaders/gemm-naive.wgsl?raw';
import tiledWgsl from '../../../shaders/gemm-tiled-lab.wgsl?raw';

export type LabKernel = 'naive' | 'tiled' | 'register';
export const LAB_KERNELS: readonly LabKernel[] = ['naive', 'tiled', 'register'];

/** Operand layouts: N = as stored, T = transposed (A stored [K, M], B stored [N, K]). */
export type LabLayout = 'NN' | 'NT' | 'TN';
export const LAB_LAYOUTS: readonly LabLayout[] = ['NN', 'NT', 'TN'];

export interface LabGemm {
  M: number;
  N: number;
  K: number;
  layout: LabLayout;
}

/** The runtime family the lab's dispatches are profiled under (timestamp queries). */
export const LAB_FAMILY: Record<LabKernel, string> = { naive: 'gemm-naive', tiled: 'gemm-tiled', register: 'gemm' };

const SOURCES = { naive: naiveWgsl, tiled: tiledWgsl } as const;
const WORKGROUP = 16;

/**
 * A closure that queues one dispatch of `kernel` computing out = op(a)·op(b); the pipeline
 * and parameters are created once, here, so the closure is cheap to call in a timing loop.
 */
export function labGemm(core: GpuCore, kernel: LabKernel, g: LabGemm, a: Tensor, b: Tensor, out: Tensor): () => void {
  const transA = g.layout[0] === 'T';
  const transB = g.layout[1] === 'T';
  if (kernel === 'register') {
    const k = gpuMatmul(core);
    return () => k.gemm({ a, b, options: { transA, transB } }, out);
  }
  const rt = core.rt;
  const pipeline = rt.pipeline({
    code: SOURCES[kernel],
    constants: { TRANS_A: +transA, TRANS_B: +transB },
    label: `${LAB_FAMILY[kernel]} ${g.layout}`,
  });
  const params = rt.params(pipeline, { M: g.M, N: g.N, K: g.K });
  const bindings = [params, core.storageOf(a), core.storageOf(b), core.storageOf(out)];
  const groups: [number, number] = [Math.ceil(g.N / WORKGROUP), Math.ceil(g.M / WORKGROUP)];
  return () => rt.dispatch(pipeline, bindings, groups, LAB_FAMILY[kernel]);
}

/** labGemm on a backend the caller holds as a plain Backend: the lab exists only on WebGPU. */
export function labGemmOn(backend: Backend, kernel: LabKernel, g: LabGemm, a: Tensor, b: Tensor, out: Tensor): () => void {
  if (backend.kind !== 'webgpu') throw new Error('The GEMM lab runs WGSL kernels: it needs the WebGPU backend.');
  return labGemm(backend as Backend & GpuCore, kernel, g, a, b, out);
}

/** Stored operand shapes of a lab GEMM. */
export function labShapes(g: LabGemm): { a: number[]; b: number[] } {
  return {
    a: g.layout[0] === 'T' ? [g.K, g.M] : [g.M, g.K],
    b: g.layout[1] === 'T' ? [g.N, g.K] : [g.K, g.N],
  };
}
