// WebGPU kernels: the optim family. One dispatch per optimizer step for all parameters
// (flat buffers); Σg² in two deterministic levels (one when it fits a workgroup); the
// clipping factor stays on the GPU for the update to read (no readback).
import { checkOptimizerArgs, type OptimKernels } from '../kernels/optim';
import type { Tensor } from '../tensor';
import { uniformBuffer, type GpuCore } from './core';
import { grid } from './batchnorm';
import { OPTIMIZER_RULE_NUMBERS, withOptimizerRules } from './optim.gen';
import optimWgsl from '../../../shaders/optim.wgsl?raw';
import sumsqWgsl from '../../../shaders/sumsq.wgsl?raw';
import sumsqFinalWgsl from '../../../shaders/sumsq-final.wgsl?raw';
import clipWgsl from '../../../shaders/optim-clip.wgsl?raw';

const WG = 256;
const FAMILY = 'optim';
/** The update kernel with every rule of the optimizer table spliced in (RULE picks one). */
const UPDATE_WGSL = withOptimizerRules(optimWgsl);
/** Level-1 workgroups of Σg² stay at or below this, so level 2 is one workgroup. */
const MAX_PARTIALS = 1024;

export function gpuOptim(core: GpuCore): OptimKernels {
  const rt = core.rt;
  const s = (t: Tensor) => core.storageOf(t);
  let one: GPUBuffer | null = null;
  let dummies: GPUBuffer | null = null;
  /** A buffer holding 1.0: the gradScale when not clipping (a raw buffer, so no tidy frees it). */
  const unitScale = (): GPUBuffer => {
    if (one) return one;
    one = rt.device.createBuffer({ size: 16, usage: 0x80 /* STORAGE */, mappedAtCreation: true, label: 'optim unit scale' });
    new Float32Array(one.getMappedRange()).set([1, 1, 1, 1]);
    one.unmap();
    return one;
  };
  /**
   * Stand-ins for the state slots a rule does not use (sgd has none), so every rule binds
   * the same layout. Two disjoint ranges: two writable bindings must not overlap.
   */
  const dummySlots = (): GPUBufferBinding[] => {
    dummies ??= rt.device.createBuffer({ size: 512, usage: 0x80 /* STORAGE */, label: 'optim dummy state' });
    return [
      { buffer: dummies, offset: 0, size: 16 },
      { buffer: dummies, offset: 256, size: 16 },
    ];
  };

  return {
    sumSquares(g) {
      const out = core.empty([1]);
      const perGroup = WG * Math.max(4, Math.ceil(g.size / (WG * MAX_PARTIALS)));
      const groups = Math.ceil(g.size / perGroup);
      const level1 = rt.pipeline({ code: sumsqWgsl, constants: { WG }, label: 'sumsq' });
      if (groups <= 1) {
        if (groups === 0) rt.clear(s(out));
        else rt.dispatch(level1, [s(g), s(out), rt.params(level1, { count: g.size, perGroup })], [1], FAMILY);
        return out;
      }
      const partial = core.empty([groups]);
      rt.dispatch(level1, [s(g), s(partial), rt.params(level1, { count: g.size, perGroup })], [groups], FAMILY);
      const level2 = rt.pipeline({ code: sumsqFinalWgsl, constants: { WG }, label: 'sumsq-final' });
      rt.dispatch(level2, [s(partial), s(out), rt.params(level2, { count: groups })], [1], FAMILY);
      partial.dispose();
      return out;
    },

    clipFactor(sumSq, maxNorm) {
      const out = core.empty([1]);
      const pipe = rt.pipeline({ code: clipWgsl, label: 'optim-clip' });
      rt.dispatch(pipe, [s(sumSq), s(out), rt.params(pipe, { maxNorm })], [1], FAMILY);
      return out;
    },

    optimizerStep(rule, params, grads, state, hyper, gradScale) {
      checkOptimizerArgs(rule, params, grads, state);
      const hyperBuffer = uniformBuffer(hyper);
      if (!hyperBuffer) throw new Error('The optimizer hyper block was not made by the WebGPU backend (createUniforms).');
      const slots = dummySlots();
      const bound = [0, 1].map((k) => (state[k] ? s(state[k]) : slots[k]));
      const pipe = rt.pipeline({ code: UPDATE_WGSL, constants: { WG, RULE: OPTIMIZER_RULE_NUMBERS[rule] }, label: `optim-${rule}` });
      const scale = gradScale ? s(gradScale) : unitScale();
      rt.dispatch(
        pipe,
        [s(params), s(grads), bound[0], bound[1], hyperBuffer, scale, rt.params(pipe, { count: params.size })],
        grid(core, params.size, WG),
        FAMILY,
      );
    },
  };
}
