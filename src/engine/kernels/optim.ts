import { HYPER_BLOCK_WORDS, HYPER_WORDS, OPTIMIZER_RULES, OPTIMIZER_TABLE, type HyperWord, type OptimizerRule } from '../optim-table';
import type { Tensor } from '../tensor';
import type { UniformBlock } from '../backend';

// The rules, their state slots and the hyperparameter words are rows of the optimizer table.
export { OPTIMIZER_RULES, type OptimizerRule } from '../optim-table';

/**
 * Word layout of the optimizer's UniformBlock (f32, HYPER_WORDS in order, `words` in all).
 * The trainer writes it before every step; the fused update kernel reads it, so changing
 * the learning rate or weight decay live needs no re-trace.
 */
export const OPTIM_HYPER = {
  ...(Object.fromEntries(HYPER_WORDS.map((word, i) => [word, i])) as Record<HyperWord, number>),
  words: HYPER_BLOCK_WORDS,
};

/** Number of state slots (each the size of the parameter buffer) each rule keeps. */
export const OPTIMIZER_STATE_SLOTS = Object.fromEntries(
  OPTIMIZER_RULES.map((rule) => [rule, OPTIMIZER_TABLE[rule].state.length]),
) as Record<OptimizerRule, number>;

/** The argument checks both backends make before an update (clear messages, not garbage). */
export function checkOptimizerArgs(rule: OptimizerRule, params: Tensor, grads: Tensor, state: Tensor[]): void {
  const slots = OPTIMIZER_STATE_SLOTS[rule];
  if (slots === undefined) throw new Error(`Unknown optimizer rule "${rule}".`);
  if (state.length < slots) throw new Error(`The ${rule} optimizer needs ${slots} state buffers; it got ${state.length}.`);
  for (const t of [grads, ...state.slice(0, slots)]) {
    if (t.size !== params.size) throw new Error(`optimizerStep: ${t} has ${t.size} elements, the parameters ${params.size}.`);
  }
}

export interface OptimKernels {
  /** Σ g² over a flat buffer, as f32 [1] (no readback). */
  sumSquares(g: Tensor): Tensor;
  /** min(1, maxNorm / (sqrt(sumSq) + 1e-6)) as f32 [1]: the global-norm clipping factor. */
  clipFactor(sumSq: Tensor, maxNorm: number): Tensor;
  /**
   * One fused update over flat params/grads (PyTorch's rules and weight_decay semantics:
   * coupled L2 for all but adamw, decoupled for adamw; l1/l2 penalties add l1·sign(w) +
   * 2·l2·w to the gradient). `gradScale` ([1], optional) multiplies the gradient first
   * (clipping); exactly 0 skips the whole update (a step the guard stopped, kernels/guard.ts).
   * Updates params and state in place.
   */
  optimizerStep(
    rule: OptimizerRule,
    params: Tensor,
    grads: Tensor,
    state: Tensor[],
    hyper: UniformBlock,
    gradScale?: Tensor,
  ): void;
}
