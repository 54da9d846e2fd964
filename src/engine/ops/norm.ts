// Autograd ops: normalization (batch, layer, group), dropout, row gather, transpose. Each op
// runs its kernel and records its backward rule beside it (see src/engine/tape.ts).
import type { DynamicU32 } from '../backend';
import { record } from '../tape';
import type { Tensor } from '../tensor';

export interface BatchNormOptions {
  /** Batch statistics (and a running-stat update) when true; running statistics when false. */
  training: boolean;
  momentum?: number;
  eps?: number;
}

/**
 * Batch norm over the last axis (channels; NHWC images or [N, F] features). In training the
 * running statistics are updated in place (PyTorch: momentum 0.1, unbiased variance).
 * NOTE: the saved mean and 1/std live in the enclosing tidy scope; run backward inside it.
 */
export function batchNorm(
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  running: { mean: Tensor; variance: Tensor },
  options: BatchNormOptions,
): Tensor {
  const training = options.training;
  const { y, mean, invStd } = x.backend.batchNorm(x, gamma, beta, running, {
    training,
    momentum: options.momentum ?? 0.1,
    eps: options.eps ?? 1e-5,
  });
  return record('batchNorm', [x, gamma, beta], y, (dy) => {
    const g = x.backend.batchNormGrad(x, dy, gamma, { mean, invStd }, training);
    return [g.dx, g.dgamma, g.dbeta];
  });
}

/** Layer norm over the last axis with affine gamma, beta of that size. */
export function layerNorm(x: Tensor, gamma: Tensor, beta: Tensor, eps = 1e-5): Tensor {
  const { y, mean, invStd } = x.backend.layerNorm(x, gamma, beta, eps);
  return record('layerNorm', [x, gamma, beta], y, (dy) => {
    const g = x.backend.layerNormGrad(x, dy, gamma, { mean, invStd });
    return [g.dx, g.dgamma, g.dbeta];
  });
}

/**
 * Group norm (PyTorch's GroupNorm(groups, C), channels last): x is [N, ...spatial, C]; each
 * sample's channels split into `groups` runs of C / groups, normalized over the spatial axes
 * and the run, then scaled and shifted per channel by gamma, beta [C].
 * NOTE: a kernel pair, not a composition of ops. A group's elements are not contiguous in
 * NHWC (channels g·C/G .. at every pixel) and the engine has only 2-D transposes, which cannot
 * gather them per sample; composing mean / sub / mul / reduce ops is exact but costs about
 * ten dispatches and as many full-size temporaries forward and twice that backward, where
 * the kernels take one forward and two or three backward.
 */
export function groupNorm(x: Tensor, gamma: Tensor, beta: Tensor, groups: number, eps = 1e-5): Tensor {
  const { y, mean, invStd } = x.backend.groupNorm(x, gamma, beta, groups, eps);
  return record('groupNorm', [x, gamma, beta], y, (dy) => {
    const g = x.backend.groupNormGrad(x, dy, gamma, groups, { mean, invStd });
    return [g.dx, g.dgamma, g.dbeta];
  });
}

/**
 * Inverted dropout: keeps element i when hashUniform(seed, stream, i) >= rate and scales
 * it by 1/(1-rate). Identity (x itself) when not training or rate is 0. `stream` should
 * change every step (a UniformBlock slot in a compiled step).
 */
export function dropout(x: Tensor, rate: number, seed: number, stream: DynamicU32, training: boolean): Tensor {
  if (!training || rate === 0) return x;
  if (!(rate > 0 && rate < 1)) throw new Error(`Dropout rate must be in [0, 1); it is ${rate}.`);
  const { y, mask } = x.backend.dropout(x, rate, seed, stream);
  return record('dropout', [x], y, (dy) => [x.backend.dropoutGrad(dy, mask)]);
}

/** Rows indices[offset .. offset+count) of src: the batch gather (no gradient). */
export function gatherRows(src: Tensor, indices: Tensor, offset: DynamicU32, count: number): Tensor {
  return src.backend.gatherRows(src, indices, offset, count);
}

/** 2-D transpose; its gradient is the transpose of dy. */
export function transpose(x: Tensor): Tensor {
  const y = x.backend.transpose(x);
  return record('transpose', [x], y, (dy) => [dy.backend.transpose(dy)]);
}
