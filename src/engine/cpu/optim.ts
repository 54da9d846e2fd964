// CPU reference kernels: the optim family (global gradient norm, clipping factor, fused
// optimizer updates over flat buffers). The rules follow torch.optim exactly; see
// src/engine/kernels/optim.ts for the hyperparameter block.
import { checkOptimizerArgs, OPTIM_HYPER, type OptimKernels, type OptimizerRule } from '../kernels/optim';
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

export type Hyper = Record<Exclude<keyof typeof OPTIM_HYPER, 'words'>, number>;

export function readHyper(block: UniformBlock): Hyper {
  const f = block.f32;
  const h = OPTIM_HYPER;
  return {
    lr: f[h.lr],
    momentum: f[h.momentum],
    beta1: f[h.beta1],
    beta2: f[h.beta2],
    eps: f[h.eps],
    weightDecay: f[h.weightDecay],
    l1: f[h.l1],
    l2: f[h.l2],
    step: f[h.step],
    alpha: f[h.alpha],
  };
}

/** One step of `rule` in place, element by element (PyTorch's formulas, float64 arithmetic). */
export function optimizerUpdate(
  rule: OptimizerRule,
  p: FloatArray,
  grads: FloatArray,
  state: FloatArray[],
  h: Hyper,
  gradScale: number,
): void {
  const [s0, s1] = state;
  const coupledDecay = rule === 'adamw' ? 0 : h.weightDecay;
  const bc1 = 1 - h.beta1 ** h.step;
  const bc2Sqrt = Math.sqrt(1 - h.beta2 ** h.step);
  for (let i = 0; i < p.length; i++) {
    const w = p[i];
    const g = grads[i] * gradScale + coupledDecay * w + h.l1 * Math.sign(w) + 2 * h.l2 * w;
    switch (rule) {
      case 'sgd':
        p[i] = w - h.lr * g;
        break;
      case 'momentum':
        s0[i] = h.momentum * s0[i] + g;
        p[i] = w - h.lr * s0[i];
        break;
      case 'nesterov':
        s0[i] = h.momentum * s0[i] + g;
        p[i] = w - h.lr * (g + h.momentum * s0[i]);
        break;
      case 'adam':
      case 'adamw': {
        // adamw decays the weight before the update, outside the moments (decoupled).
        const decayed = rule === 'adamw' ? w * (1 - h.lr * h.weightDecay) : w;
        s0[i] = h.beta1 * s0[i] + (1 - h.beta1) * g;
        s1[i] = h.beta2 * s1[i] + (1 - h.beta2) * g * g;
        p[i] = decayed - ((h.lr / bc1) * s0[i]) / (Math.sqrt(s1[i]) / bc2Sqrt + h.eps);
        break;
      }
      case 'rmsprop':
        s0[i] = h.alpha * s0[i] + (1 - h.alpha) * g * g;
        p[i] = w - (h.lr * g) / (Math.sqrt(s0[i]) + h.eps);
        break;
      case 'adagrad':
        s0[i] += g * g;
        p[i] = w - (h.lr * g) / (Math.sqrt(s0[i]) + h.eps);
        break;
    }
  }
}
