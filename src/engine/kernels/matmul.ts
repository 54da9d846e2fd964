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
  /** Slope for leakyRelu / scale for elu; default: the activation's (defaultAlpha, PyTorch's). */
  alpha?: number;
}

export interface EpilogueGradOptions {
  activation?: Activation;
  alpha?: number;
  /** Also return dbias = Σ over every row of dz, shape [N]. */
  biasGrad?: boolean;
}

export interface MatmulKernels {
  /**
   * a: [..., M, K] (or [..., K, M] with transA), b: [..., K, N] (or [..., N, K] with transB).
   * Batch dims: equal on both sides, or b is 2-D and shared by every batch. Out: [..., M, N].
   */
  matmul(a: Tensor, b: Tensor, options?: MatmulOptions): Tensor;
  /**
   * The same GEMM, writing the pre-activation z = a·b + bias beside y = activation(z) in
   * one pass (the epilogue stores both), for the backward pass of a fused activation.
   */
  matmulWithPreActivation(a: Tensor, b: Tensor, options?: MatmulOptions): { y: Tensor; z: Tensor };
  /**
   * Backward of the epilogue y = activation(z): dz = dy · activation'(z, y) and, with
   * `biasGrad`, dbias = column sums of dz over all leading axes, in one pass. With a
   * linear activation dz is dy itself (no copy). `z`/`y` may be null for 'linear'.
   */
  matmulEpilogueGrad(dy: Tensor, z: Tensor | null, y: Tensor | null, options?: EpilogueGradOptions): { dz: Tensor; dbias: Tensor | null };
}

/** The GEMM a matmul call describes, shared by both backends so they agree on shapes. */
export interface GemmShape {
  batch: number;
  M: number;
  N: number;
  K: number;
  /** b is 2-D and shared by every batch (batch stride 0). */
  sharedB: boolean;
  outShape: number[];
}

const dims = (t: Tensor) => `[${t.shape.join(', ')}]`;

/** Checks the operands of a matmul and returns its sizes, or throws a sentence naming both shapes. */
export function gemmShape(a: Tensor, b: Tensor, options: MatmulOptions = {}): GemmShape {
  if (a.rank < 2 || b.rank < 2) throw new Error(`matmul needs matrices (rank 2 or more); got ${dims(a)} and ${dims(b)}.`);
  const [ar, ac] = a.shape.slice(-2);
  const [br, bc] = b.shape.slice(-2);
  const [M, Ka] = options.transA ? [ac, ar] : [ar, ac];
  const [Kb, N] = options.transB ? [bc, br] : [br, bc];
  if (Ka !== Kb) {
    throw new Error(
      `matmul: inner sizes differ: ${dims(a)}${options.transA ? 'ᵀ' : ''} · ${dims(b)}${options.transB ? 'ᵀ' : ''} (K ${Ka} vs ${Kb}).`,
    );
  }
  const lead = a.shape.slice(0, -2);
  const sharedB = b.rank === 2;
  if (!sharedB && (b.rank !== a.rank || b.shape.slice(0, -2).some((d, i) => d !== lead[i]))) {
    throw new Error(`matmul: batch dims of ${dims(a)} and ${dims(b)} must be equal, or b must be 2-D (shared).`);
  }
  const batch = lead.reduce((x, y) => x * y, 1);
  if (options.bias && (options.bias.rank !== 1 || options.bias.shape[0] !== N)) {
    throw new Error(`matmul: bias must have shape [${N}] (the output's columns); got ${dims(options.bias)}.`);
  }
  return { batch, M, N, K: Ka, sharedB: sharedB && a.rank > 2, outShape: [...lead, M, N] };
}
