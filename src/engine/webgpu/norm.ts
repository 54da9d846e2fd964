// WebGPU kernels: the norm family (batch norm, layer norm, group norm, dropout, row gather,
// transpose). See src/engine/kernels/norm.ts for the contract.
import type { NormKernels } from '../kernels/norm';
import type { Tensor } from '../tensor';
import type { GpuCore } from './core';
import { dynamicBinding, withDynamicSize } from './dynamic';
import { gpuBatchNorm, gpuBatchNormGrad, gpuLayerNorm, gpuLayerNormGrad, grid } from './batchnorm';
import { gpuGroupNorm, gpuGroupNormGrad } from './groupnorm';
import randomWgsl from '../../../shaders/random.wgsl?raw';
import dropoutWgsl from '../../../shaders/dropout.wgsl?raw';
import dropoutMaskWgsl from '../../../shaders/dropout-mask.wgsl?raw';
import gatherWgsl from '../../../shaders/gather.wgsl?raw';
import transposeWgsl from '../../../shaders/transpose.wgsl?raw';

const WG = 256;
const TILE = 16;
const FAMILY = 'norm';

export function gpuNorm(core: GpuCore): NormKernels {
  const rt = core.rt;
  const s = (t: Tensor) => core.storageOf(t);
  return {
    batchNorm: (x, gamma, beta, running, options) => gpuBatchNorm(core, x, gamma, beta, running, options),
    batchNormGrad: (x, dy, gamma, saved, training) => gpuBatchNormGrad(core, x, dy, gamma, saved, training),
    layerNorm: (x, gamma, beta, eps) => gpuLayerNorm(core, x, gamma, beta, eps),
    layerNormGrad: (x, dy, gamma, saved) => gpuLayerNormGrad(core, x, dy, gamma, saved),
    groupNorm: (x, gamma, beta, groups, eps) => gpuGroupNorm(core, x, gamma, beta, groups, eps),
    groupNormGrad: (x, dy, gamma, groups, saved) => gpuGroupNormGrad(core, x, dy, gamma, groups, saved),

    dropout(x, rate, seed, stream) {
      const dyn = dynamicBinding(core, stream);
      const code = withDynamicSize(`${randomWgsl}\n${dropoutWgsl}`, dyn.vec4s);
      const pipe = rt.pipeline({ code, constants: { WG }, label: 'dropout' });
      const y = core.empty(x.shape);
      const mask = core.empty(x.shape);
      const params = rt.params(pipe, { count: x.size, seed, rate, scale: 1 / (1 - rate), streamWord: dyn.word });
      rt.dispatch(pipe, [s(x), s(y), s(mask), params, dyn.buffer], grid(core, x.size, WG), FAMILY);
      return { y, mask };
    },

    dropoutGrad(dy, mask) {
      const dx = core.empty(dy.shape);
      const pipe = rt.pipeline({ code: dropoutMaskWgsl, constants: { WG }, label: 'dropout-mask' });
      rt.dispatch(pipe, [s(dy), s(mask), s(dx), rt.params(pipe, { count: dy.size })], grid(core, dy.size, WG), FAMILY);
      return dx;
    },

    gatherRows(src, indices, offset, count) {
      const srcRows = src.shape[0];
      const rowWords = srcRows === 0 ? 0 : src.size / srcRows;
      const dyn = dynamicBinding(core, offset);
      const start = typeof offset === 'number' ? offset : offset.block.u32[offset.index];
      if (start + count > indices.size) {
        throw new Error(`gatherRows: rows ${start}..${start + count} exceed the ${indices.size} indices.`);
      }
      const out = core.empty([count, ...src.shape.slice(1)], src.dtype);
      // Rows of a multiple of 4 words move as vec4 (images: 784 floats per row).
      const vec4 = rowWords % 4 === 0 && rowWords > 0;
      const unit = vec4 ? 4 : 1;
      let code = withDynamicSize(gatherWgsl, dyn.vec4s);
      if (vec4) code = code.replace('alias Word = u32;', 'alias Word = vec4<u32>;');
      const pipe = rt.pipeline({ code, constants: { WG }, label: 'gather' });
      const total = (count * rowWords) / unit;
      const params = rt.params(pipe, { count: total, rowLen: rowWords / unit, srcRows, indexCount: indices.size, offsetWord: dyn.word });
      rt.dispatch(pipe, [s(src), s(indices), s(out), params, dyn.buffer], grid(core, total, WG), FAMILY);
      return out;
    },

    transpose(x) {
      if (x.rank !== 2) throw new Error(`transpose expects a 2-D tensor; it got [${x.shape.join(', ')}].`);
      const [rows, cols] = x.shape;
      const y = core.empty([cols, rows], x.dtype);
      const pipe = rt.pipeline({ code: transposeWgsl, constants: { TILE }, label: 'transpose' });
      // Tile rows beyond the per-dimension limit spill into z (the kernel folds them back).
      const tileRows = Math.ceil(rows / TILE);
      const [gy, gz] = grid(core, tileRows, 1);
      rt.dispatch(pipe, [s(x), s(y), rt.params(pipe, { rows, cols })], [Math.ceil(cols / TILE), gy, gz], FAMILY);
      return y;
    },
  };
}
