// CPU reference kernels: the norm family (batch norm, layer norm, group norm, dropout, row
// gather, transpose). See src/engine/kernels/norm.ts for the contract.
import { dynamicValue } from '../backend';
import type { NormKernels } from '../kernels/norm';
import { hashUniform } from '../random';
import type { CpuCore } from './core';
import { cpuBatchNorm, cpuBatchNormGrad, cpuLayerNorm, cpuLayerNormGrad } from './batchnorm';
import { cpuGroupNorm, cpuGroupNormGrad } from './groupnorm';

export function cpuNorm(core: CpuCore): NormKernels {
  return {
    batchNorm: (x, gamma, beta, running, options) => cpuBatchNorm(core, x, gamma, beta, running, options),
    batchNormGrad: (x, dy, gamma, saved, training) => cpuBatchNormGrad(core, x, dy, gamma, saved, training),
    layerNorm: (x, gamma, beta, eps) => cpuLayerNorm(core, x, gamma, beta, eps),
    layerNormGrad: (x, dy, gamma, saved) => cpuLayerNormGrad(core, x, dy, gamma, saved),
    groupNorm: (x, gamma, beta, groups, eps) => cpuGroupNorm(core, x, gamma, beta, groups, eps),
    groupNormGrad: (x, dy, gamma, groups, saved) => cpuGroupNormGrad(core, x, dy, gamma, groups, saved),

    dropout(x, rate, seed, stream) {
      const s = dynamicValue(stream);
      // NOTE: compare with the f32 rate and scale as the GPU does, so both keep exactly the
      // same elements even when a hash value falls between rate and fround(rate).
      const threshold = core.precision === 'f32' ? Math.fround(rate) : rate;
      const scale = 1 / (1 - rate);
      const xs = core.f(x);
      const y = core.empty(x.shape);
      const mask = core.empty(x.shape);
      const ys = core.f(y);
      const ms = core.f(mask);
      for (let i = 0; i < xs.length; i++) {
        const m = hashUniform(seed, s, i) >= threshold ? scale : 0;
        ms[i] = m;
        ys[i] = xs[i] * ms[i];
      }
      return { y, mask };
    },

    dropoutGrad(dy, mask) {
      const ds = core.f(dy);
      const ms = core.f(mask);
      const dx = core.empty(dy.shape);
      const out = core.f(dx);
      for (let i = 0; i < ds.length; i++) out[i] = ds[i] * ms[i];
      return dx;
    },

    gatherRows(src, indices, offset, count) {
      const start = dynamicValue(offset);
      const srcRows = src.shape[0];
      const rowLen = srcRows === 0 ? 0 : src.size / srcRows;
      if (start + count > indices.size) {
        throw new Error(`gatherRows: rows ${start}..${start + count} exceed the ${indices.size} indices.`);
      }
      const out = core.empty([count, ...src.shape.slice(1)], src.dtype);
      const from = core.data(src);
      const to = core.data(out);
      const idx = core.u(indices);
      for (let r = 0; r < count; r++) {
        const row = idx[start + r];
        if (row >= srcRows) throw new Error(`gatherRows: index ${row} is out of range for ${srcRows} rows.`);
        to.set(from.subarray(row * rowLen, (row + 1) * rowLen), r * rowLen);
      }
      return out;
    },

    transpose(x) {
      if (x.rank !== 2) throw new Error(`transpose expects a 2-D tensor; it got [${x.shape.join(', ')}].`);
      const [R, C] = x.shape;
      const y = core.empty([C, R], x.dtype);
      const from = core.data(x);
      const to = core.data(y);
      // Blocked so both sides stay in cache for large matrices.
      const B = 32;
      for (let r0 = 0; r0 < R; r0 += B)
        for (let c0 = 0; c0 < C; c0 += B)
          for (let r = r0; r < Math.min(r0 + B, R); r++)
            for (let c = c0; c < Math.min(c0 + B, C); c++) to[c * R + r] = from[r * C + c];
      return y;
    },
  };
}
