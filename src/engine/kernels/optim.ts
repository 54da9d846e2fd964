import type { Tensor } from '../tensor';
import type { UniformBlock } from '../backend';

export const OPTIMIZER_RULES = ['sgd', 'momentum', 'nesterov', 'adam', 'adamw', 'rmsprop', 'adagrad'] as const;
export type OptimizerRule = (typeof OPTIMIZER_RULES)[number];

/**
 * Word layout of the optimizer's UniformBlock (f32 unless noted). The trainer writes it
 * before every step; the fused update kernel reads it, so changing the learning rate or
 * weight decay live needs no re-trace.
 */
export const OPTIM_HYPER = {
  lr: 0,
  momentum: 1,
  beta1: 2,
  beta2: 3,
  eps: 4,
  weightDecay: 5,
  l1: 6,
  l2: 7,
  /** 1-based step count t (as f32) for Adam's bias correction. */
  step: 8,
  /** rmsprop smoothing constant (PyTorch's alpha). */
  alpha: 9,
  words: 12,
} as const;

/** Number of state slots (each the size of the parameter buffer) each rule keeps. */
export const OPTIMIZER_STATE_SLOTS: Record<OptimizerRule, number> = {
  sgd: 0,
  momentum: 1,
  nesterov: 1,
  adam: 2,
  adamw: 2,
  rmsprop: 1,
  adagrad: 1,
};

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
