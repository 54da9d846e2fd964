// CPU reference for batch norm and layer norm. Sums run in JS doubles, so in 'f32' precision
// each result is the correctly rounded value of a float64 computation: the GPU's f32 tree
// reductions are compared with it at ~1e-4 relative.
import type { NormForward, NormGrads } from '../kernels/norm';
import type { Tensor } from '../tensor';
import type { CpuCore } from './core';

/** Channels (last axis) and rows (everything else) of a tensor normalized over its last axis. */
export function lastAxisSplit(x: Tensor): { rows: number; width: number } {
  const width = x.rank === 0 ? 1 : x.shape[x.rank - 1];
  return { rows: width === 0 ? 0 : x.size / width, width };
}

/** A [n] tensor of this backend's precision holding double sums. */
function vector(core: CpuCore, sums: Float64Array): Tensor {
  const a = core.newFloatArray(sums.length);
  a.set(sums);
  return core.wrap(a, [sums.length]);
}

export function cpuBatchNorm(
  core: CpuCore,
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  running: { mean: Tensor; variance: Tensor },
  options: { training: boolean; momentum: number; eps: number },
): NormForward {
  const { rows: M, width: C } = lastAxisSplit(x);
  const xs = core.f(x);
  const mean = core.empty([C]);
  const invStd = core.empty([C]);
  const mu = core.f(mean);
  const is = core.f(invStd);
  const rm = core.f(running.mean);
  const rv = core.f(running.variance);
  if (options.training) {
    // Two passes (mean, then squared deviations): no cancellation in the variance.
    const sum = new Float64Array(C);
    for (let r = 0; r < M; r++) for (let c = 0; c < C; c++) sum[c] += xs[r * C + c];
    for (let c = 0; c < C; c++) sum[c] /= M;
    const m2 = new Float64Array(C);
    for (let r = 0; r < M; r++)
      for (let c = 0; c < C; c++) {
        const d = xs[r * C + c] - sum[c];
        m2[c] += d * d;
      }
    const k = options.momentum;
    for (let c = 0; c < C; c++) {
      mu[c] = sum[c];
      is[c] = 1 / Math.sqrt(m2[c] / M + options.eps);
      // PyTorch: running stats take the UNBIASED variance (M - 1), normalization the biased.
      rm[c] = (1 - k) * rm[c] + k * sum[c];
      rv[c] = (1 - k) * rv[c] + (k * m2[c]) / Math.max(M - 1, 1);
    }
  } else {
    for (let c = 0; c < C; c++) {
      mu[c] = rm[c];
      is[c] = 1 / Math.sqrt(rv[c] + options.eps);
    }
  }
  const y = core.empty(x.shape);
  const ys = core.f(y);
  const g = core.f(gamma);
  const b = core.f(beta);
  for (let r = 0; r < M; r++)
    for (let c = 0; c < C; c++) {
      const i = r * C + c;
      ys[i] = (xs[i] - mu[c]) * is[c] * g[c] + b[c];
    }
  return { y, mean, invStd };
}

export function cpuBatchNormGrad(
  core: CpuCore,
  x: Tensor,
  dy: Tensor,
  gamma: Tensor,
  saved: { mean: Tensor; invStd: Tensor },
  training = true,
): NormGrads {
  const { rows: M, width: C } = lastAxisSplit(x);
  const xs = core.f(x);
  const ds = core.f(dy);
  const mu = core.f(saved.mean);
  const is = core.f(saved.invStd);
  const g = core.f(gamma);
  const sdy = new Float64Array(C);
  const sdyx = new Float64Array(C);
  for (let r = 0; r < M; r++)
    for (let c = 0; c < C; c++) {
      const i = r * C + c;
      sdy[c] += ds[i];
      sdyx[c] += ds[i] * (xs[i] - mu[c]) * is[c];
    }
  const dx = core.empty(x.shape);
  const dxs = core.f(dx);
  for (let r = 0; r < M; r++)
    for (let c = 0; c < C; c++) {
      const i = r * C + c;
      const xhat = (xs[i] - mu[c]) * is[c];
      // Batch statistics depend on every x: dx = γ·σ⁻¹·(dy − (Σdy + x̂·Σdy·x̂) / M).
      const centered = training ? ds[i] - (sdy[c] + xhat * sdyx[c]) / M : ds[i];
      dxs[i] = g[c] * is[c] * centered;
    }
  return { dx, dgamma: vector(core, sdyx), dbeta: vector(core, sdy) };
}

export function cpuLayerNorm(core: CpuCore, x: Tensor, gamma: Tensor, beta: Tensor, eps: number): NormForward {
  const { rows: R, width: D } = lastAxisSplit(x);
  const xs = core.f(x);
  const g = core.f(gamma);
  const b = core.f(beta);
  const mean = core.empty([R]);
  const invStd = core.empty([R]);
  const y = core.empty(x.shape);
  const ys = core.f(y);
  for (let r = 0; r < R; r++) {
    const o = r * D;
    let s = 0;
    for (let k = 0; k < D; k++) s += xs[o + k];
    const mu = s / D;
    let m2 = 0;
    for (let k = 0; k < D; k++) m2 += (xs[o + k] - mu) ** 2;
    const is = 1 / Math.sqrt(m2 / D + eps);
    core.f(mean)[r] = mu;
    core.f(invStd)[r] = is;
    for (let k = 0; k < D; k++) ys[o + k] = (xs[o + k] - mu) * is * g[k] + b[k];
  }
  return { y, mean, invStd };
}

export function cpuLayerNormGrad(
  core: CpuCore,
  x: Tensor,
  dy: Tensor,
  gamma: Tensor,
  saved: { mean: Tensor; invStd: Tensor },
): NormGrads {
  const { rows: R, width: D } = lastAxisSplit(x);
  const xs = core.f(x);
  const ds = core.f(dy);
  const g = core.f(gamma);
  const mu = core.f(saved.mean);
  const is = core.f(saved.invStd);
  const dx = core.empty(x.shape);
  const dxs = core.f(dx);
  const dgamma = new Float64Array(D);
  const dbeta = new Float64Array(D);
  for (let r = 0; r < R; r++) {
    const o = r * D;
    let sg = 0;
    let sgx = 0;
    for (let k = 0; k < D; k++) {
      const xhat = (xs[o + k] - mu[r]) * is[r];
      const gk = ds[o + k] * g[k];
      sg += gk;
      sgx += gk * xhat;
      dgamma[k] += ds[o + k] * xhat;
      dbeta[k] += ds[o + k];
    }
    for (let k = 0; k < D; k++) {
      const xhat = (xs[o + k] - mu[r]) * is[r];
      dxs[o + k] = is[r] * (ds[o + k] * g[k] - (sg + xhat * sgx) / D);
    }
  }
  return { dx, dgamma: vector(core, dgamma), dbeta: vector(core, dbeta) };
}
