// The ConvParams uniform (shaders/conv-params.wgsl, prepended to every conv2d kernel: the
// implicit GEMMs in conv.ts and the direct kernels in conv-direct.ts) for one GEMM view of
// a convolution: M x N outputs reducing over K, optionally in kChunk-long slices.
import type { WindowGeometry } from '../conv-geometry';
import type { GpuRuntime } from './runtime';

export interface ConvGemm {
  M: number;
  N: number;
  K: number;
  /** Split-K slice length (K when unsplit; the direct filter gradient's pixel chunk). */
  kChunk: number;
}

export function convParams(rt: GpuRuntime, pipeline: GPUComputePipeline, g: WindowGeometry, cout: number, gemm: ConvGemm, alpha = 0): GPUBuffer {
  const { h, w } = g;
  return rt.params(pipeline, {
    ...gemm,
    batch: g.batch,
    H: h.in,
    W: w.in,
    Cin: g.channels,
    Ho: h.out,
    Wo: w.out,
    Cout: cout,
    kh: h.kernel,
    kw: w.kernel,
    sh: h.stride,
    sw: w.stride,
    dh: h.dilation,
    dw: w.dilation,
    padTop: h.padBefore,
    padLeft: w.padBefore,
    alpha,
  });
}
