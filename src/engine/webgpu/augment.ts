// WebGPU kernels: the augment family (seeded image augmentation, shaders/augment.wgsl).
// See src/engine/kernels/augment.ts for the contract.
import type { AugmentKernels } from '../kernels/augment';
import { checkAugment } from '../kernels/augment-check';
import type { GpuCore } from './core';
import { dynamicBinding, withDynamicSize } from './dynamic';
import { grid } from './batchnorm';
import randomWgsl from '../../../shaders/random.wgsl?raw';
import augmentWgsl from '../../../shaders/augment.wgsl?raw';

const WG = 256;
const FAMILY = 'augment';


export function gpuAugment(core: GpuCore): AugmentKernels {
  const rt = core.rt;
  return {
    augmentImages(x, options, seed, stream) {
      const { h, w, c, shift } = checkAugment(x, options);
      const y = core.empty(x.shape);
      if (x.size === 0) return y;
      const dyn = dynamicBinding(core, stream);
      const code = withDynamicSize(`${randomWgsl}\n${augmentWgsl}`, dyn.vec4s);
      const pipe = rt.pipeline({ code, constants: { WG }, label: 'augment' });
      const params = rt.params(pipe, {
        count: x.size,
        h,
        w,
        c,
        seed: seed >>> 0,
        shift,
        flip: options.flip ? 1 : 0,
        noise: options.noise,
        streamWord: dyn.word,
      });
      rt.dispatch(pipe, [core.storageOf(x), core.storageOf(y), params, dyn.buffer], grid(core, x.size, WG), FAMILY);
      return y;
    },
  };
}
