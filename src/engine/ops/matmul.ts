// Autograd ops: matmul family. y = activation(op(a)·op(b) + bias) in one fused kernel.
//
// Backward of a fused activation needs the pre-activation z. We keep it: when a gradient
// is wanted the forward GEMM's epilogue stores z beside y (one extra M·N write, no extra
// pass), and backward turns dy into dz = dy·act'(z, y) with the bias gradient (column
// sums of dz) in the same pass. Recomputing z instead would cost a whole second GEMM;
// running the activation as a separate op would cost an extra read and write of z.
// Without a gradient (inference) only y is written.
//
// With dz, and op(x) = x or xᵀ as the flags say:
//   dA = dz·op(b)ᵀ, stored transposed when transA;   dB = op(a)ᵀ·dz, stored transposed when transB.
// Each is one GEMM in the layout that reads the stored operands as they are (NT, TN, NN
// or TT), so no transpose is ever materialized.
import type { MatmulOptions } from '../kernels/matmul';
import type { Activation } from '../kernels/pointwise';
import { isGradEnabled, record } from '../tape';
import type { Tensor } from '../tensor';

export type { MatmulOptions };

export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  const backend = a.backend;
  const { bias } = options;
  const act = options.activation ?? 'linear';
  const inputs = bias ? [a, b, bias] : [a, b];
  if (!isGradEnabled() || !inputs.some((t) => t.requiresGrad)) return backend.matmul(a, b, options);
  const { y, z } = act === 'linear' ? { y: backend.matmul(a, b, options), z: null } : backend.matmulWithPreActivation(a, b, options);
  return record('matmul', inputs, y, (dy) => {
    const { dz, dbias } = backend.matmulEpilogueGrad(dy, z, y, {
      activation: act,
      alpha: options.alpha,
      biasGrad: !!bias?.requiresGrad,
    });
    const da = a.requiresGrad ? gradA(a, b, dz, options) : null;
    const db = b.requiresGrad ? gradB(a, b, dz, options) : null;
    if (dz !== dy) dz.dispose();
    return bias ? [da, db, dbias] : [da, db];
  });
}

/** d(op(a)) = dz·op(b)ᵀ, written in a's own layout. */
function gradA(a: Tensor, b: Tensor, dz: Tensor, { transA = false, transB = false }: MatmulOptions): Tensor {
  const mm = a.backend.matmul.bind(a.backend);
  if (!transA) return transB ? mm(dz, b) : mm(dz, b, { transB: true });
  // a is [K, M]: dA = (dz·op(b)ᵀ)ᵀ = op(b)·dzᵀ.
  if (b.rank === 2 && dz.rank > 2) {
    // NOTE: b is shared by the batches, but op(b)·dz_pᵀ would need the shared operand on
    // the left, which the kernel contract does not offer. Compute dA_pᵀ = dz_p·op(b)ᵀ in
    // the shared-b form and transpose each batch (a rare layout: batched aᵀ, shared b).
    return batchedTranspose(transB ? mm(dz, b) : mm(dz, b, { transB: true }));
  }
  return transB ? mm(b, dz, { transA: true, transB: true }) : mm(b, dz, { transB: true });
}

/** d(op(b)) = op(a)ᵀ·dz, written in b's own layout, summed over batches when b is shared. */
function gradB(a: Tensor, b: Tensor, dz: Tensor, { transA = false, transB = false }: MatmulOptions): Tensor {
  const mm = a.backend.matmul.bind(a.backend);
  const shared = b.rank === 2 && a.rank > 2;
  if (shared && !transA) {
    // Stack the batches as rows: Σ_p a_pᵀ·dz_p = aᵀ·dz with a [B·M, K], dz [B·M, N].
    const K = a.shape[a.rank - 1];
    const N = dz.shape[dz.rank - 1];
    const a2 = a.reshape([a.size / K, K]);
    const dz2 = dz.reshape([dz.size / N, N]);
    const g = transB ? mm(dz2, a2, { transA: true }) : mm(a2, dz2, { transA: true });
    a2.dispose();
    dz2.dispose();
    return g;
  }
  const g = transB ? mm(dz, a, { transA: true, transB: transA }) : mm(a, dz, { transA: !transA });
  if (!shared) return g;
  const summed = a.backend.sumToShape(g, b.shape);
  g.dispose();
  return summed;
}

/** [..., R, C] → [..., C, R] materialized, as x_pᵀ·I per batch (TN layout; a rare path). */
function batchedTranspose(x: Tensor): Tensor {
  const R = x.shape[x.rank - 2];
  const backend = x.backend;
  const eye = new Float32Array(R * R);
  for (let i = 0; i < R; i++) eye[i * R + i] = 1;
  const id = backend.upload(eye, [R, R]);
  const t = backend.matmul(x, id, { transA: true });
  id.dispose();
  x.dispose();
  return t;
}

/** A dense layer: activation(x·w + b), w [in, out] (docs/conventions.md). */
export function dense(x: Tensor, w: Tensor, b?: Tensor | null, activation: Activation = 'linear', alpha?: number): Tensor {
  return matmul(x, w, { bias: b ?? undefined, activation, alpha });
}
