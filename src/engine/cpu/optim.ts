// CPU reference kernels: the optim family (global gradient norm, clipping factor, fused
// optimizer updates over flat buffers). Each rule's update is its row of the optimizer table
// (src/engine/optim-table.ts, torch.optim's formulas); the shared part, the gradient with
// clipping, coupled weight decay and the l1/l2 penalties, is here, as in shaders/optim.wgsl.
import { checkOptimizerArgs, OPTIM_HYPER, type OptimKernels, type OptimizerRule } from '../kernels/optim';
import { HYPER_WORDS, OPTIMIZER_TABLE, type Hyper } from '../optim-table';
import type { UniformBlock } from '../backend';
import type { CpuCore, FloatArray } from './core';

export function cpuOptim(core: CpuCore): OptimKernels {
  return {
    sumSquares(g) {
      const gs = core.f(g);
      let s = 0;
      for (let i = 0; i < gs.length; i++) s += gs[i] * gs[i];
      const out = core.empty([1]);
      core.f(out)[0] = s;
      return out;
    },

    clipFactor(sumSq, maxNorm) {
      const out = core.empty([1]);
      core.f(out)[0] = Math.min(1, maxNorm / (Math.sqrt(core.f(sumSq)[0]) + 1e-6));
      return out;
    },

    optimizerStep(rule, params, grads, state, hyper, gradScale) {
      checkOptimizerArgs(rule, params, grads, state);
      const scale = gradScale ? core.f(gradScale)[0] : 1;
      if (scale === 0) return; // a step the guard stopped (kernels/guard.ts) changes nothing
      optimizerUpdate(rule, core.f(params), core.f(grads), state.map((s) => core.f(s)), readHyper(hyper), scale);
    },
  };
}

export function readHyper(block: UniformBlock): Hyper {
  return Object.fromEntries(HYPER_WORDS.map((word) => [word, block.f32[OPTIM_HYPER[word]]])) as Hyper;
}

/** One step of `rule` in place, element by element (the rule's row; float64 arithmetic). */
export function optimizerUpdate(
  rule: OptimizerRule,
  p: FloatArray,
  grads: FloatArray,
  state: FloatArray[],
  h: Hyper,
  gradScale: number,
): void {
  const row = OPTIMIZER_TABLE[rule];
  const coupledDecay = row.decay === 'coupled' ? h.weightDecay : 0;
  const update = row.cpu(h, state);
  for (let i = 0; i < p.length; i++) {
    const w = p[i];
    const g = grads[i] * gradScale + coupledDecay * w + h.l1 * Math.sign(w) + 2 * h.l2 * w;
    p[i] = update(w, g, i);
  }
}
