import { defaultAlpha, POINTWISE_ACTIVATIONS, type PointwiseActivation, type UnaryOp } from '../pointwise-table';
import type { Shape } from '../shape';
import type { Tensor } from '../tensor';

// The unary ops and the activations are the rows of the pointwise table.
export { UNARY_OPS, defaultAlpha, type UnaryOp } from '../pointwise-table';

/** Activations usable on any layer and in the GEMM epilogue (softmax is its own op). */
export const ACTIVATIONS = POINTWISE_ACTIVATIONS;
export type Activation = PointwiseActivation;

/** Kernel options with `alpha` filled in from the activation's row when the caller left it out. */
export function withDefaultAlpha<T extends { activation?: Activation; alpha?: number }>(options: T): T {
  return options.alpha !== undefined ? options : { ...options, alpha: defaultAlpha(options.activation) };
}

export const BINARY_OPS = ['add', 'sub', 'mul', 'div', 'pow', 'max', 'min'] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

/** Elementwise comparisons; the result is an f32 mask of 0 and 1 (masks for max/clamp gradients). */
export const COMPARE_OPS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];

export type ReduceOp = 'sum' | 'mean' | 'max';

/** Fused loss kernels return the mean loss ([1]) and its gradient wrt the prediction. */
export interface LossResult {
  loss: Tensor;
  grad: Tensor;
}

export interface PointwiseKernels {
  /** `alpha` (leakyRelu slope, elu scale) defaults to the op's row in the pointwise table (PyTorch's). */
  unary(op: UnaryOp, x: Tensor, alpha?: number): Tensor;
  /** dx = dy · f'(x); y = f(x) is passed too because some derivatives read it (sigmoid, tanh, exp). */
  unaryGrad(op: UnaryOp, x: Tensor, y: Tensor, dy: Tensor, alpha?: number): Tensor;
  /** NumPy broadcasting. */
  binary(op: BinaryOp, a: Tensor, b: Tensor): Tensor;
  /** a op b as an f32 0/1 mask, NumPy broadcasting. */
  compare(op: CompareOp, a: Tensor, b: Tensor): Tensor;
  /** Copies x broadcast (NumPy rules) to `shape`: the backward of a reduction. */
  broadcastTo(x: Tensor, shape: Shape): Tensor;
  /** x op scalar (e.g. scale by 0.5, add 1). */
  binaryScalar(op: BinaryOp, x: Tensor, scalar: number): Tensor;
  clamp(x: Tensor, lo: number, hi: number): Tensor;
  /** cond != 0 ? a : b, broadcasting all three. */
  where(cond: Tensor, a: Tensor, b: Tensor): Tensor;
  /** dst += scale · src (same shape), in place; accumulators and gradient sums. */
  addInPlace(dst: Tensor, src: Tensor, scale?: number): void;
  /** Over `axes` (negative count from the end); without keepDims they are dropped (all axes: shape []). */
  reduce(op: ReduceOp, x: Tensor, axes: number[], keepDims?: boolean): Tensor;
  /** Sums a broadcast gradient back to `shape` (the bias gradient is one such column sum). */
  sumToShape(x: Tensor, shape: Shape): Tensor;
  /** Index of the max along the last axis (u32). */
  argmax(x: Tensor): Tensor;
  /** Softmax along the last axis, numerically stable. */
  softmax(x: Tensor): Tensor;
  /** dx = y · (dy - Σ dy·y) along the last axis. */
  softmaxGrad(y: Tensor, dy: Tensor): Tensor;
  /** logits [N, C], labels u32 [N]: mean cross-entropy and d(mean)/d(logits), in one pass. */
  softmaxCrossEntropy(logits: Tensor, labels: Tensor): LossResult;
  /** logits and 0/1 targets of the same shape: mean binary cross-entropy with logits. */
  binaryCrossEntropy(logits: Tensor, targets: Tensor): LossResult;
  meanSquaredError(pred: Tensor, target: Tensor): LossResult;
  huber(pred: Tensor, target: Tensor, delta: number): LossResult;
  /**
   * Number of correct predictions as f32 [1]: argmax(logits) == label for [N, C] logits,
   * or (logit > 0) == label for [N, 1].
   */
  countCorrect(logits: Tensor, labels: Tensor): Tensor;
}
