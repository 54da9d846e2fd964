// CPU reference kernels: group norm (see src/engine/kernels/norm.ts and group-layout.ts).
// Sums run in double precision; in 'f64' this is the finite-difference oracle.
import type { NormForward, NormGrads } from '../kernels/norm';
import { groupLayout } from '../group-layout';
import type { Tensor } from '../tensor';
import type { CpuCore } from './core';

export function cpuGroupNorm(core: CpuCore, x: Tensor, gamma: Tensor, beta: Tensor, groups: number, eps: number): NormForward {
  const { samples: N, spatial: S, channels: C, perGroup: Cg, groupSize: M } = groupLayout(x.shape, groups);
  const xs = core.f(x);
  const g = core.f(gamma);
  const b = core.f(beta);
  const y = core.empty(x.shape);
  const mean = core.empty([N, groups]);
  const invStd = core.empty([N, groups]);
  const ys = core.f(y);
  const mu = core.f(mean);
  const is = core.f(invStd);
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < groups; k++) {
      const base = n * S * C + k * Cg;
      // Two passes (mean, then squared deviations), as PyTorch and the GPU kernel.
      let sum = 0;
      for (let s = 0; s < S; s++) for (let j = 0; j < Cg; j++) sum += xs[base + s * C + j];
      const m = sum / M;
      let m2 = 0;
      for (let s = 0; s < S; s++) for (let j = 0; j < Cg; j++) m2 += (xs[base + s * C + j] - m) ** 2;
      const r = 1 / Math.sqrt(m2 / M + eps);
      mu[n * groups + k] = m;
      is[n * groups + k] = r;
      for (let s = 0; s < S; s++) {
        for (let j = 0; j < Cg; j++) {
          const i = base + s * C + j;
          const c = k * Cg + j;
          ys[i] = (xs[i] - m) * r * g[c] + b[c];
        }
      }
    }
  }
  return { y, mean, invStd };
}

/**
 * With h = dy·gamma and x̂ the normalized input, per group of M elements:
 * dx = invStd·(h - (Σh + x̂·Σh·x̂) / M); dgamma = Σ dy·x̂ and dbeta = Σ dy per channel.
 */
export function cpuGroupNormGrad(
  core: CpuCore,
  x: Tensor,
  dy: Tensor,
  gamma: Tensor,
  groups: number,
  saved: { mean: Tensor; invStd: Tensor },
): NormGrads {
  const { samples: N, spatial: S, channels: C, perGroup: Cg, groupSize: M } = groupLayout(x.shape, groups);
  const xs = core.f(x);
  const ds = core.f(dy);
  const g = core.f(gamma);
  const mu = core.f(saved.mean);
  const is = core.f(saved.invStd);
  const dx = core.empty(x.shape);
  const dxs = core.f(dx);
  const dgamma = new Float64Array(C);
  const dbeta = new Float64Array(C);
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < groups; k++) {
      const base = n * S * C + k * Cg;
      const m = mu[n * groups + k];
      const r = is[n * groups + k];
      let sh = 0;
      let shx = 0;
      for (let s = 0; s < S; s++) {
        for (let j = 0; j < Cg; j++) {
          const i = base + s * C + j;
          const c = k * Cg + j;
          const xhat = (xs[i] - m) * r;
          const h = ds[i] * g[c];
          sh += h;
          shx += h * xhat;
          dgamma[c] += ds[i] * xhat;
          dbeta[c] += ds[i];
        }
      }
      for (let s = 0; s < S; s++) {
        for (let j = 0; j < Cg; j++) {
          const i = base + s * C + j;
          const xhat = (xs[i] - m) * r;
          dxs[i] = r * (ds[i] * g[k * Cg + j] - (sh + xhat * shx) / M);
        }
      }
    }
  }
  const vector = (sums: Float64Array) => {
    const a = core.newFloatArray(C);
    a.set(sums);
    return core.wrap(a, [C]);
  };
  return { dx, dgamma: vector(dgamma), dbeta: vector(dbeta) };
}
