// The wasm SIMD GEMM vs the TypeScript reference: every layout on odd sizes (edge tiles in
// M and N, K not a multiple of anything, and sizes past one KC/MC/NC block), the fused bias
// and activations, batches, and the dense layer's backward through the tape.
import { describe, expect, it } from 'vitest';
import type { Activation } from '../kernels/pointwise';
import { backward } from '../tape';
import { dense } from '../ops/matmul';
import { compareWithReference, gemmShapes, LAYOUTS, wasm } from './testing';

// [M, N, K]. 64x128x784 is the MLP's first layer; 70x9x600 crosses MC (64) and two KC (256)
// blocks; 5x300x257 crosses NC (256) and KC by one.
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [7, 13, 5],
  [33, 65, 17],
  [64, 128, 784],
  [64, 784, 128],
  [70, 9, 600],
  [5, 300, 257],
  [4, 8, 3],
];

describe('wasm GEMM vs the TypeScript reference', () => {
  for (const [name, transA, transB] of LAYOUTS)
    for (const [M, N, K] of SHAPES)
      it(`${name} ${M}x${N}x${K}`, () => {
        compareWithReference(gemmShapes(M, N, K, transA, transB), (b, [x, y]) => b.matmul(x, y, { transA, transB }), M * 7 + N * 3 + K);
      });

  it('bias and every activation, z kept beside y (NN, NT, TN; edge tiles)', () => {
    const acts: Activation[] = ['linear', 'relu', 'leakyRelu', 'elu', 'gelu', 'silu', 'tanh', 'sigmoid', 'softplus'];
    for (const [i, activation] of acts.entries())
      for (const [, transA, transB] of LAYOUTS.slice(0, 3)) {
        const [M, N, K] = [9 + i, 13, 21];
        const [sa, sb] = gemmShapes(M, N, K, transA, transB);
        compareWithReference([sa, sb, [N]], (b, [x, w, bias]) => {
          const { y, z } = b.matmulWithPreActivation(x, w, { bias, activation, alpha: 0.2, transA, transB });
          return [y, z, b.matmul(x, w, { bias, activation, alpha: 0.2, transA, transB })];
        }, i);
      }
  });

  it('batches with equal batch dims and with a shared 2-D b', () => {
    for (const [, transA, transB] of LAYOUTS.slice(0, 3)) {
      compareWithReference(gemmShapes(17, 9, 12, transA, transB, [3]), (b, [x, y]) => b.matmul(x, y, { transA, transB }));
    }
    compareWithReference([[2, 2, 17, 12], [12, 9], [9]], (b, [x, y, bias]) => b.matmul(x, y, { bias, activation: 'relu' }));
  });

  it('dense backward through the tape (NN + z, epilogue grad, NT, TN)', () => {
    for (const [M, K, N] of [[5, 7, 6], [64, 784, 128], [64, 128, 10]]) {
      compareWithReference([[M, K], [K, N], [N], [M, N]], (b, [x, w, bias, upstream]) => {
        for (const t of [x, w, bias]) t.requiresGrad = true;
        const grads = backward(dense(x, w, bias, 'gelu'), upstream);
        return [x, w, bias].map((t) => grads.get(t)!);
      }, M + K);
    }
  });

  it('is bit-reproducible call to call, and the memory is reused', () => {
    const [a, b] = [wasm.upload(Float32Array.from({ length: 33 * 65 }, (_, i) => Math.sin(i)), [33, 65]), wasm.upload(Float32Array.from({ length: 65 * 17 }, (_, i) => Math.cos(i)), [65, 17])];
    const first = wasm.readSync(wasm.matmul(a, b));
    wasm.matmul(wasm.zeros([300, 300]), wasm.zeros([300, 300])); // grows the memory, leaves other values in it
    expect(Array.from(wasm.readSync(wasm.matmul(a, b)))).toEqual(Array.from(first));
  });
});
