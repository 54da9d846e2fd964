import type { Tensor } from '../tensor';
import type { Activation } from './pointwise';

export interface MatmulOptions {
  /** Use aᵀ: a is [..., K, M]. */
  transA?: boolean;
  /** Use bᵀ: b is [..., N, K]. */
  transB?: boolean;
  /** Fused epilogue: out = activation(a·b + bias), bias of shape [N]. */
  bias?: Tensor;
  activation?: Activation;
  /** Slope for leakyRelu / scale for elu. */
  alpha?: number;
}

export interface MatmulKernels {
  /**
   * a: [..., M, K] (or [..., K, M] with transA), b: [..., K, N] (or [..., N, K] with transB).
   * Batch dims: equal on both sides, or b is 2-D and shared by every batch. Out: [..., M, N].
   */
  matmul(a: Tensor, b: Tensor, options?: MatmulOptions): Tensor;
}
