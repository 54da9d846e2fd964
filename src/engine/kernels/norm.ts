import type { Tensor } from '../tensor';
import type { DynamicU32 } from '../backend';

export interface NormForward {
  y: Tensor;
  /**
   * Per normalized group (batch norm: [C] channels; layer norm: [R] rows, R = size / D;
   * group norm: [N, G], sample by group):
   * mean and 1/sqrt(var + eps), fresh tensors saved for backward.
   */
  mean: Tensor;
  invStd: Tensor;
}

export interface NormGrads {
  dx: Tensor;
  dgamma: Tensor;
  dbeta: Tensor;
}

export interface NormKernels {
  /**
   * Batch norm over the last axis (channels). Training: batch statistics, and the running
   * statistics are updated in place (momentum, unbiased variance, as PyTorch). Inference:
   * normalizes with the running statistics.
   */
  batchNorm(
    x: Tensor,
    gamma: Tensor,
    beta: Tensor,
    running: { mean: Tensor; variance: Tensor },
    options: { training: boolean; momentum: number; eps: number },
  ): NormForward;
  /**
   * `training` (default true) says the statistics came from this batch, so dx carries their
   * dependence on x; false (inference statistics, constants) gives dx = dy·gamma·invStd.
   */
  batchNormGrad(
    x: Tensor,
    dy: Tensor,
    gamma: Tensor,
    saved: { mean: Tensor; invStd: Tensor },
    training?: boolean,
  ): NormGrads;
  /** Layer norm over the last axis. */
  layerNorm(x: Tensor, gamma: Tensor, beta: Tensor, eps: number): NormForward;
  layerNormGrad(x: Tensor, dy: Tensor, gamma: Tensor, saved: { mean: Tensor; invStd: Tensor }): NormGrads;
  /**
   * Group norm (PyTorch's GroupNorm, channels last): x is [N, ...spatial, C]; the statistics
   * are per sample and group of C / groups consecutive channels, over the spatial axes and
   * those channels (mean and invStd are [N, groups]); gamma and beta are per channel [C].
   */
  groupNorm(x: Tensor, gamma: Tensor, beta: Tensor, groups: number, eps: number): NormForward;
  groupNormGrad(x: Tensor, dy: Tensor, gamma: Tensor, groups: number, saved: { mean: Tensor; invStd: Tensor }): NormGrads;
  /**
   * Inverted dropout. Element i is kept when hashUniform(seed, stream, i) >= rate; `mask`
   * holds 0 or 1/(1-rate) so backward is dy·mask. `stream` changes every step.
   */
  dropout(x: Tensor, rate: number, seed: number, stream: DynamicU32): { y: Tensor; mask: Tensor };
  /** dx = dy · mask (dropout's backward, and applying a saved mask again). */
  dropoutGrad(dy: Tensor, mask: Tensor): Tensor;
  /**
   * Rows `indices[offset .. offset+count)` of src ([R, ...row]) → [count, ...row]; the batch
   * gather from a GPU-resident dataset. Works for f32 and u32 sources.
   */
  gatherRows(src: Tensor, indices: Tensor, offset: DynamicU32, count: number): Tensor;
  /** 2-D transpose, materialized. */
  transpose(x: Tensor): Tensor;
}
