// Maps the experiment's optimizer onto the fused update kernel: which rule, how many
// state slots, and the hyperparameter words the kernel reads each step.
import type { Backend, UniformBlock } from '../engine/backend';
import { OPTIM_HYPER, OPTIMIZER_STATE_SLOTS, type OptimizerRule } from '../engine/kernels/optim';
import type { OptimizerSpec } from '../spec';
import type { LiveHyper } from './types';

export function optimizerRule(spec: OptimizerSpec): OptimizerRule {
  return spec.type;
}

export function stateSlots(spec: OptimizerSpec): number {
  return OPTIMIZER_STATE_SLOTS[optimizerRule(spec)];
}

/** The live values (lr from the schedule, plus any user changes) for one step. */
export interface StepHyper extends Required<LiveHyper> {
  /** 0-based optimizer step. */
  step: number;
}

export function createHyperBlock(backend: Backend): UniformBlock {
  return backend.createUniforms(OPTIM_HYPER.words);
}

/** Fills the hyper block for one step (the caller syncs it). */
export function writeHyper(block: UniformBlock, spec: OptimizerSpec, h: StepHyper): void {
  const f = block.f32;
  f[OPTIM_HYPER.lr] = h.lr;
  f[OPTIM_HYPER.momentum] = h.momentum;
  f[OPTIM_HYPER.beta1] = spec.beta1 ?? 0.9;
  f[OPTIM_HYPER.beta2] = spec.beta2 ?? 0.999;
  f[OPTIM_HYPER.eps] = spec.eps ?? 1e-8;
  f[OPTIM_HYPER.weightDecay] = h.weightDecay;
  f[OPTIM_HYPER.l1] = spec.l1 ?? 0;
  f[OPTIM_HYPER.l2] = spec.l2 ?? 0;
  f[OPTIM_HYPER.step] = h.step + 1;
  // RMSProp's smoothing constant: the spec stores PyTorch's alpha as beta2.
  f[OPTIM_HYPER.alpha] = spec.beta2 ?? 0.99;
}
