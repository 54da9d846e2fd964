// Optimizer-side operations over flat parameter buffers: global-norm clipping and the fused
// update. Not autograd ops (they run outside the tape), but they share the ops' shape: a
// thin call into the backend's kernels, one place for the caller to look.
import type { UniformBlock } from '../backend';
import { OPTIM_HYPER, type OptimizerRule } from '../kernels/optim';
import { noGrad } from '../tape';
import type { Tensor } from '../tensor';

export type OptimHyperValues = Partial<Record<Exclude<keyof typeof OPTIM_HYPER, 'words'>, number>>;

/**
 * Writes hyperparameters into an optimizer UniformBlock (word layout OPTIM_HYPER) and
 * syncs it. Fields left out keep their value. `step` is Adam's 1-based t.
 */
export function writeOptimHyper(block: UniformBlock, values: OptimHyperValues): void {
  for (const [key, v] of Object.entries(values)) {
    const word = OPTIM_HYPER[key as keyof OptimHyperValues];
    if (word === undefined) throw new Error(`Unknown optimizer hyperparameter "${key}".`);
    block.f32[word] = v as number;
  }
  block.sync();
}

/**
 * PyTorch's clip_grad_norm_ as a factor: min(1, maxNorm / (‖g‖ + 1e-6)) over the whole flat
 * gradient buffer, as a [1] tensor for optimizerStep's gradScale (no readback).
 */
export function clipGradNormFactor(flatGrads: Tensor, maxNorm: number): Tensor {
  return noGrad(() => {
    const b = flatGrads.backend;
    const sumSq = b.sumSquares(flatGrads);
    const factor = b.clipFactor(sumSq, maxNorm);
    sumSq.dispose();
    return factor;
  });
}

/** One fused optimizer step over flat buffers, in place (params and state). */
export function optimizerStep(
  rule: OptimizerRule,
  params: Tensor,
  grads: Tensor,
  state: Tensor[],
  hyper: UniformBlock,
  gradScale?: Tensor,
): void {
  noGrad(() => params.backend.optimizerStep(rule, params, grads, state, hyper, gradScale));
}
