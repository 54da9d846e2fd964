// WebGPU kernels: the augment family (seeded image augmentation, shaders/augment.wgsl).
// See src/engine/kernels/augment.ts for the contract.
import type { DynamicU32 } from '../backend';
import type { AugmentKernels } from '../kernels/augment';
import { checkAugment } from '../kernels/augment-check';
import { uniformBuffer, type GpuCore } from './core';
import { grid } from './batchnorm';
import randomWgsl from '../../../shaders/random.wgsl?raw';
import augmentWgsl from '../../../shaders/augment.wgsl?raw';

const WG = 256;
const FAMILY = 'augment';
const DYN_DECL = 'const DYN_VEC4S: u32 = 1u;';

/**
 * A DynamicU32 as a uniform binding plus the word to read: the UniformBlock's own buffer
 * (a replayed plan sees each step's value) or a small constant buffer for a plain number.
 * (The same scheme as dropout's in norm.ts.)
 */
function dynamicBinding(core: GpuCore, d: DynamicU32): { buffer: GPUBuffer; word: number; vec4s: number } {
  if (typeof d === 'number') return { buffer: core.rt.params('uuuu', [d, 0, 0, 0]), word: 0, vec4s: 1 };
  const buffer = uniformBuffer(d.block);
  if (!buffer) throw new Error('This UniformBlock was not made by the WebGPU backend (createUniforms).');
  if (d.index >= d.block.words) throw new Error(`Uniform word ${d.index} is outside a block of ${d.block.words} words.`);
  return { buffer, word: d.index, vec4s: buffer.size / 16 };
}

export function gpuAugment(core: GpuCore): AugmentKernels {
  const rt = core.rt;
  return {
    augmentImages(x, options, seed, stream) {
      const { h, w, c, shift } = checkAugment(x, options);
      const y = core.empty(x.shape);
      if (x.size === 0) return y;
      const dyn = dynamicBinding(core, stream);
      const code = `${randomWgsl}\n${augmentWgsl}`.replace(DYN_DECL, `const DYN_VEC4S: u32 = ${dyn.vec4s}u;`);
      const pipe = rt.pipeline({ code, constants: { WG }, label: 'augment' });
      const params = rt.params('uuuuuuufu', [x.size, h, w, c, seed >>> 0, shift, options.flip ? 1 : 0, options.noise, dyn.word]);
      rt.dispatch(pipe, [core.storageOf(x), core.storageOf(y), params, dyn.buffer], grid(core, x.size, WG), FAMILY);
      return y;
    },
  };
}
