// Maps the experiment's optimizer onto the fused update kernel: which rule, how many
// state slots, and the hyperparameter words the kernel reads each step. All three come
// from the rule's row of the optimizer table (src/engine/optim-table.ts).
import type { Backend, UniformBlock } from '../engine/backend';
import { OPTIM_HYPER, OPTIMIZER_STATE_SLOTS, type OptimizerRule } from '../engine/kernels/optim';
import { OPTIMIZER_TABLE, type OptimizerFieldName } from '../engine/optim-table';
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
  const row = OPTIMIZER_TABLE[optimizerRule(spec)];
  // The rule's settings from the spec (the row's defaults where a hand-made spec lacks
  // them), each into its word (rmsprop's beta2 is the smoothing constant `alpha`) ...
  for (const [field, fallback] of Object.entries(row.defaults) as [OptimizerFieldName, number][]) {
    f[OPTIM_HYPER[row.words?.[field] ?? field]] = spec[field] ?? fallback;
  }
  // ... then the live values over them, the penalties and Adam's 1-based step.
  f[OPTIM_HYPER.lr] = h.lr;
  f[OPTIM_HYPER.momentum] = h.momentum;
  f[OPTIM_HYPER.weightDecay] = h.weightDecay;
  f[OPTIM_HYPER.l1] = spec.l1 ?? 0;
  f[OPTIM_HYPER.l2] = spec.l2 ?? 0;
  f[OPTIM_HYPER.step] = h.step + 1;
}
