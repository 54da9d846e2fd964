// WebGPU kernels: matmul family. One register-tiled GEMM source (shaders/gemm.wgsl) serves
// every layout (NN, NT, TN, TT through override flags), batch (workgroup z) and epilogue
// (bias + activation spliced from the pointwise table); operand loaders and the output
// store are spliced in as vec4 or scalar variants by alignment (see gemm-config.ts).
import { gemmShape, type EpilogueGradOptions, type MatmulKernels, type MatmulOptions } from '../kernels/matmul';
import { keep, type Tensor } from '../tensor';
import { withPointwise } from './pointwise.gen';
import { chooseGemmVariant, type GemmVariant } from './gemm-config';
import { gemmSource } from './gemm-source';
import type { GpuCore } from './core';
import epilogueGradWgsl from '../../../shaders/gemm-epilogue-grad.wgsl?raw';

const MAX_GROUPS = 65535;

export interface GemmCall {
  a: Tensor;
  b: Tensor;
  options: MatmulOptions;
  /** Also write the pre-activation here. */
  z?: Tensor;
  /** Override the tile choice (benchmarks). */
  forced?: Partial<Pick<GemmVariant, 'TX' | 'TY' | 'BK' | 'RM' | 'RN'>>;
}

export function gpuMatmul(core: GpuCore): MatmulKernels & { gemm(call: GemmCall, out: Tensor): void } {
  const rt = core.rt;
  // NOTE: with layout 'auto' every statically used binding must be bound, even one an
  // override switches off: these stand in for a missing bias, Z, dz or dbias. Two
  // writable dummies, because one buffer may not be both read-only and writable in a dispatch.
  let dummies: { read: Tensor; write: Tensor; write2: Tensor } | null = null;
  // keep(): created lazily, possibly inside a tidy scope, but they live as long as the backend.
  const dummy = () => (dummies ??= { read: keep(core.empty([4])), write: keep(core.empty([4])), write2: keep(core.empty([4])) });

  function gemm({ a, b, options, z, forced }: GemmCall, out: Tensor): void {
    const s = gemmShape(a, b, options);
    const { M, N, K, batch } = s;
    const transA = !!options.transA;
    const transB = !!options.transB;
    const v = chooseGemmVariant({ M, N, K, batch, transA, transB }, rt.limits, forced, core.ctx.info.isSoftware);
    const act = options.activation ?? 'linear';
    const pipeline = rt.pipeline({
      code: gemmSource(v, act),
      constants: { TX: v.TX, TY: v.TY, BK: v.BK, TRANS_A: +transA, TRANS_B: +transB, HAS_BIAS: +!!options.bias, KEEP_Z: +!!z },
      label: `gemm ${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} ${act}`,
    });
    const params = rt.params('uuuuuuuf', [M, N, K, batch, M * K, s.sharedB ? 0 : K * N, M * N, options.alpha ?? 0]);
    const st = (t: Tensor) => core.storageOf(t);
    const d = dummy();
    const groups: [number, number, number] = [
      Math.min(Math.ceil(N / (v.TX * v.RN)), MAX_GROUPS),
      Math.min(Math.ceil(M / (v.TY * v.RM)), MAX_GROUPS),
      Math.min(batch, MAX_GROUPS),
    ];
    rt.dispatch(pipeline, [params, st(a), st(b), st(options.bias ?? d.read), st(out), st(z ?? d.write)], groups, 'gemm');
  }

  function epilogueGrad(dy: Tensor, z: Tensor | null, y: Tensor | null, options: EpilogueGradOptions = {}) {
    const act = options.activation ?? 'linear';
    const activate = act !== 'linear';
    if (!activate && !options.biasGrad) return { dz: dy, dbias: null };
    if (activate && (!z || !y)) throw new Error(`matmulEpilogueGrad: activation ${act} needs the saved z and y.`);
    const N = dy.shape[dy.rank - 1];
    const rows = dy.size / N;
    const dz = activate ? core.empty(dy.shape) : dy;
    const dbias = options.biasGrad ? core.empty([N]) : null;
    const d = dummy();
    const pipeline = rt.pipeline({
      code: withPointwise(epilogueGradWgsl, act),
      constants: { ACTIVATE: +activate, BIAS_GRAD: +!!dbias },
      label: `gemm epilogue grad ${act}`,
    });
    const params = rt.params('uufu', [rows, N, options.alpha ?? 0, 0]);
    const st = (t: Tensor) => core.storageOf(t);
    const bindings = [params, st(dy), st(z ?? dy), st(y ?? dy), st(activate ? dz : d.write), st(dbias ?? d.write2)];
    rt.dispatch(pipeline, bindings, [Math.min(Math.ceil(N / 64), MAX_GROUPS)], 'gemm');
    return { dz, dbias };
  }

  return {
    gemm,
    matmul(a, b, options = {}) {
      const out = core.empty(gemmShape(a, b, options).outShape);
      gemm({ a, b, options }, out);
      return out;
    },
    matmulWithPreActivation(a, b, options = {}) {
      const shape = gemmShape(a, b, options).outShape;
      const y = core.empty(shape);
      const z = core.empty(shape);
      gemm({ a, b, options, z }, y);
      return { y, z };
    },
    matmulEpilogueGrad: epilogueGrad,
  };
}
