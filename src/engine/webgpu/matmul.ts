// WebGPU kernels: matmul family. One register-tiled GEMM source (shaders/gemm.wgsl) serves
// every layout (NN, NT, TN, TT through override flags), batch (workgroup z) and epilogue
// (bias + activation spliced from the pointwise table); operand loaders and the output
// store are spliced in as vec4 or scalar variants by alignment (see gemm-config.ts).
import { gemmShape, type EpilogueGradOptions, type MatmulKernels, type MatmulOptions } from '../kernels/matmul';
import { withDefaultAlpha } from '../kernels/pointwise';
import { keep, type Tensor } from '../tensor';
import { withPointwise } from './pointwise.gen';
import { chooseGemmVariant, type GemmVariant } from './gemm-config';
import { gemmSource } from './gemm-source';
import type { GpuCore } from './core';
import { grid1d } from './grid';
import epilogueGradWgsl from '../../../shaders/gemm-epilogue-grad.wgsl?raw';
import splitkReduceWgsl from '../../../shaders/gemm-splitk-reduce.wgsl?raw';

const MAX_GROUPS = 65535;

export interface GemmCall {
  a: Tensor;
  b: Tensor;
  options: MatmulOptions;
  /** Also write the pre-activation here. */
  z?: Tensor;
  /** Override the tile choice (benchmarks). */
  forced?: Partial<Pick<GemmVariant, 'TX' | 'TY' | 'BK' | 'RM' | 'RN' | 'splits'>>;
}

export function gpuMatmul(core: GpuCore): MatmulKernels & { gemm(call: GemmCall, out: Tensor): void } {
  const rt = core.rt;
  // NOTE: with layout 'auto' every statically used binding must be bound, even one an
  // override switches off: these stand in for a missing bias, Z, dz or dbias. Two
  // writable dummies, because one buffer may not be both read-only and writable in a dispatch.
  let dummies: { read: Tensor; write: Tensor; write2: Tensor } | null = null;
  // keep(): created lazily, possibly inside a tidy scope, but they live as long as the backend.
  const dummy = () => (dummies ??= { read: keep(core.empty([4])), write: keep(core.empty([4])), write2: keep(core.empty([4])) });

  function gemm({ a, b, options: given, z, forced }: GemmCall, out: Tensor): void {
    const options = withDefaultAlpha(given);
    const s = gemmShape(a, b, options);
    const { M, N, K, batch } = s;
    const transA = !!options.transA;
    const transB = !!options.transB;
    const v = chooseGemmVariant({ M, N, K, batch, transA, transB }, rt.limits, forced, core.ctx.info.isSoftware);
    const act = options.activation ?? 'linear';
    const split = v.splits > 1;
    const pipeline = rt.pipeline({
      code: gemmSource(v, split ? 'linear' : act),
      constants: {
        TX: v.TX,
        TY: v.TY,
        BK: v.BK,
        TRANS_A: +transA,
        TRANS_B: +transB,
        HAS_BIAS: +(!split && !!options.bias),
        KEEP_Z: +(!split && !!z),
        SPLIT_K: +split,
      },
      label: split ? `gemm ${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} split-k` : `gemm ${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} ${act}`,
    });
    const params = rt.params(pipeline, {
      M,
      N,
      K,
      batch,
      strideA: M * K,
      strideB: s.sharedB ? 0 : K * N,
      strideC: M * N,
      alpha: options.alpha ?? 0,
      kChunk: v.kChunk,
      splits: v.splits,
    });
    const st = (t: Tensor) => core.storageOf(t);
    const d = dummy();
    // Split-K: partial sums [splits, batch, M, N], then one fixed-order sum with the epilogue.
    const partial = split ? core.empty([v.splits * batch, M, N]) : null;
    const groups: [number, number, number] = [
      Math.min(Math.ceil(N / (v.TX * v.RN)), MAX_GROUPS),
      Math.min(Math.ceil(M / (v.TY * v.RM)), MAX_GROUPS),
      Math.min(batch * v.splits, MAX_GROUPS),
    ];
    if (!partial) {
      rt.dispatch(pipeline, [params, st(a), st(b), st(options.bias ?? d.read), st(out), st(z ?? d.write)], groups, 'gemm');
      return;
    }
    rt.dispatch(pipeline, [params, st(a), st(b), st(d.read), st(partial), st(d.write)], groups, 'gemm');
    const total = batch * M * N;
    const reduce = rt.pipeline({
      code: withPointwise(splitkReduceWgsl, act),
      constants: { HAS_BIAS: +!!options.bias, KEEP_Z: +!!z },
      label: `gemm split-k reduce ${act}`,
    });
    const reduceParams = rt.params(reduce, { total, N, splits: v.splits, alpha: options.alpha ?? 0 });
    rt.dispatch(reduce, [reduceParams, st(partial), st(options.bias ?? d.read), st(out), st(z ?? d.write)], grid1d(total, 256), 'gemm');
    partial.dispose();
  }

  function epilogueGrad(dy: Tensor, z: Tensor | null, y: Tensor | null, given: EpilogueGradOptions = {}) {
    const options = withDefaultAlpha(given);
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
    const params = rt.params(pipeline, { rows, cols: N, alpha: options.alpha ?? 0 });
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
