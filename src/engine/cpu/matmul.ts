// CPU reference kernels: matmul family. A cache-blocked GEMM: for each KC×NC block of
// op(b), packed once into a contiguous k-major panel, every row i of the output runs an
// i-k-j loop with a hoisted a[i,k] over a contiguous, unit-stride inner loop. op(a) is
// packed per K block too, so transposed operands never put a strided access in a hot loop.
import { gemmShape, type EpilogueGradOptions, type GemmShape, type MatmulKernels, type MatmulOptions } from '../kernels/matmul';
import { defaultAlpha } from '../kernels/pointwise';
import { POINTWISE_CPU } from './pointwise.gen';
import type { Tensor } from '../tensor';
import type { CpuCore, FloatArray } from './core';

/** K rows and N columns per packed panel of op(b): 64×256 floats (64 KiB in f32) stays in L2. */
const KC = 64;
const NC = 256;

export interface GemmArgs {
  M: number;
  N: number;
  K: number;
  transA: boolean;
  transB: boolean;
}

/**
 * c[M×N] = op(a)·op(b), overwriting c, with a, b, c read at the given element offsets.
 * `ap` and `bp` are scratch panels of at least M·KC and KC·NC elements.
 */
export function gemmBlocked(
  g: GemmArgs,
  a: FloatArray,
  aOff: number,
  b: FloatArray,
  bOff: number,
  c: FloatArray,
  cOff: number,
  ap: FloatArray,
  bp: FloatArray,
): void {
  const { M, N, K, transA, transB } = g;
  c.fill(0, cOff, cOff + M * N);
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = Math.min(KC, K - k0);
    // op(a)[:, k0:k0+kc] as ap[i*kc + k].
    for (let i = 0; i < M; i++) {
      for (let k = 0; k < kc; k++) ap[i * kc + k] = transA ? a[aOff + (k0 + k) * M + i] : a[aOff + i * K + k0 + k];
    }
    for (let j0 = 0; j0 < N; j0 += NC) {
      const nc = Math.min(NC, N - j0);
      // op(b)[k0:k0+kc, j0:j0+nc] as bp[k*nc + j]; transB reads b's rows (contiguous in k).
      if (transB) {
        for (let j = 0; j < nc; j++) {
          const row = bOff + (j0 + j) * K + k0;
          for (let k = 0; k < kc; k++) bp[k * nc + j] = b[row + k];
        }
      } else {
        for (let k = 0; k < kc; k++) {
          const row = bOff + (k0 + k) * N + j0;
          for (let j = 0; j < nc; j++) bp[k * nc + j] = b[row + j];
        }
      }
      for (let i = 0; i < M; i++) {
        const crow = cOff + i * N + j0;
        const arow = i * kc;
        for (let k = 0; k < kc; k++) {
          const aik = ap[arow + k];
          const brow = k * nc;
          for (let j = 0; j < nc; j++) c[crow + j] += aik * bp[brow + j];
        }
      }
    }
  }
}

/**
 * z = op(a)·op(b) (+ bias over the last axis) for every batch of one matmul call: the hot
 * path of the matmul family, which the wasm backend replaces (src/engine/wasm/matmul.ts);
 * the activation epilogue and its gradient stay here, shared.
 */
export type BatchedGemm = (s: GemmShape, transA: boolean, transB: boolean, a: FloatArray, b: FloatArray, z: FloatArray, bias: FloatArray | null) => void;

/** The TypeScript GEMM above, batch by batch, then the bias. */
export function typescriptGemm(core: CpuCore): BatchedGemm {
  return (s, transA, transB, ad, bd, zd, bias) => {
    const { batch, M, N, K, sharedB } = s;
    const ap = core.newFloatArray(M * KC);
    const bp = core.newFloatArray(KC * NC);
    const g = { M, N, K, transA, transB };
    for (let p = 0; p < batch; p++) {
      gemmBlocked(g, ad, p * M * K, bd, sharedB ? 0 : p * K * N, zd, p * M * N, ap, bp);
    }
    if (bias) for (let r = 0; r < batch * M; r++) for (let j = 0; j < N; j++) zd[r * N + j] += bias[j];
  };
}

export function cpuMatmul(core: CpuCore, gemm: BatchedGemm = typescriptGemm(core)): MatmulKernels {
  /** Runs the GEMM (with the bias), then the activation; z receives the pre-activation when given. */
  function run(a: Tensor, b: Tensor, options: MatmulOptions, keepZ: boolean): { y: Tensor; z: Tensor } {
    const s = gemmShape(a, b, options);
    const z = core.empty(s.outShape);
    const zd = core.f(z);
    gemm(s, !!options.transA, !!options.transB, core.f(a), core.f(b), zd, options.bias ? core.f(options.bias) : null);
    const act = options.activation ?? 'linear';
    if (act === 'linear') return { y: z, z };
    const f = POINTWISE_CPU[act].f;
    const alpha = options.alpha ?? defaultAlpha(act);
    const y = keepZ ? core.empty(s.outShape) : z;
    const yd = core.f(y);
    for (let i = 0; i < zd.length; i++) yd[i] = f(zd[i], alpha);
    return { y, z };
  }

  return {
    matmul: (a, b, options = {}) => run(a, b, options, false).y,
    matmulWithPreActivation: (a, b, options = {}) => run(a, b, options, true),
    matmulEpilogueGrad(dy: Tensor, z: Tensor | null, y: Tensor | null, options: EpilogueGradOptions = {}) {
      const act = options.activation ?? 'linear';
      let dz = dy;
      if (act !== 'linear') {
        if (!z || !y) throw new Error(`matmulEpilogueGrad: activation ${act} needs the saved z and y.`);
        const df = POINTWISE_CPU[act].df;
        const alpha = options.alpha ?? defaultAlpha(act);
        const [zd, yd, gd] = [core.f(z), core.f(y), core.f(dy)];
        dz = core.empty(dy.shape);
        const out = core.f(dz);
        for (let i = 0; i < out.length; i++) out[i] = gd[i] * df(zd[i], yd[i], alpha);
      }
      if (!options.biasGrad) return { dz, dbias: null };
      const N = dz.shape[dz.rank - 1];
      const dbias = core.empty([N]);
      const [src, sum] = [core.f(dz), core.f(dbias)];
      for (let r = 0; r < dz.size / N; r++) for (let j = 0; j < N; j++) sum[j] += src[r * N + j];
      return { dz, dbias };
    },
  };
}
