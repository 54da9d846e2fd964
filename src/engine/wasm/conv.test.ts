// conv2d on the wasm backend (im2col + SIMD GEMM) vs the TypeScript reference on odd shapes:
// forward with fused epilogues, input, filter and bias gradients, image chunks, and the
// conv layer's backward through the tape.
import { describe, it } from 'vitest';
import type { Conv2dOptions } from '../kernels/conv';
import type { Shape } from '../shape';
import { backward } from '../tape';
import { conv2d } from '../ops/conv';
import { compareWithReference } from './testing';

const opts = (padding: 'same' | 'valid', s = 1, d = 1): Conv2dOptions => ({ padding, strides: [s, s], dilation: [d, d] });

const CASES: { name: string; x: Shape; k: [number, number]; cout: number; o: Conv2dOptions }[] = [
  { name: 'N1 1x1x1→1 k1', x: [1, 1, 1, 1], k: [1, 1], cout: 1, o: opts('valid') },
  { name: 'N2 7x5x3→4 k3 same s1', x: [2, 7, 5, 3], k: [3, 3], cout: 4, o: opts('same') },
  { name: 'N2 7x5x3→4 k3 valid s2', x: [2, 7, 5, 3], k: [3, 3], cout: 4, o: opts('valid', 2) },
  { name: 'N2 7x5x3→4 k3 same s2', x: [2, 7, 5, 3], k: [3, 3], cout: 4, o: opts('same', 2) },
  { name: 'N1 7x6x3→4 k3 same d2', x: [1, 7, 6, 3], k: [3, 3], cout: 4, o: opts('same', 1, 2) },
  { name: 'N1 8x7x2→3 k5 same s3 (asymmetric pads)', x: [1, 8, 7, 2], k: [5, 5], cout: 3, o: opts('same', 3) },
  { name: 'N1 6x5x2→5 k2x3 same s(1,2) even kernel', x: [1, 6, 5, 2], k: [2, 3], cout: 5, o: { padding: 'same', strides: [1, 2], dilation: [1, 1] } },
  { name: 'N3 9x9x13→17 k3 same (channel runs of 4 and a tail)', x: [3, 9, 9, 13], k: [3, 3], cout: 17, o: opts('same') },
  { name: 'N2 28x28x1→8 k5 valid (MNIST CNN)', x: [2, 28, 28, 1], k: [5, 5], cout: 8, o: opts('valid') },
  { name: 'N2 12x12x8→16 k5 valid (MNIST CNN, second conv)', x: [2, 12, 12, 8], k: [5, 5], cout: 16, o: opts('valid') },
];

describe('wasm conv2d vs the TypeScript reference', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s: forward, grad input, grad filter, grad bias', (_n, c) => {
    const filter = [c.k[0], c.k[1], c.x[3], c.cout];
    const seed = c.x.reduce((a, b) => a * 3 + b, c.cout);
    compareWithReference([c.x, filter, [c.cout]], (b, [x, w, bias]) => [
      b.conv2d(x, w, c.o),
      b.conv2d(x, w, { ...c.o, bias, activation: 'elu', alpha: 0.7 }),
    ], seed);
    compareWithReference([c.x, filter], (b, [x, w]) => {
      const y = b.conv2d(x, w, c.o);
      const dy = b.upload(Float32Array.from({ length: y.size }, (_, i) => Math.sin(i * 0.37 + seed)), y.shape);
      return [b.conv2dGradInput(dy, w, c.x, c.o), b.conv2dGradFilter(x, dy, w.shape, c.o), b.conv2dGradBias(dy)];
    }, seed + 1);
  });

  it('a batch larger than one cols chunk (filter gradients summed over chunks in image order)', () => {
    // 28·28 pixels × 5·5·16 taps per image: 313,600 floats; a chunk of 4 Mi floats holds 13 images.
    compareWithReference([[15, 28, 28, 16], [5, 5, 16, 4]], (b, [x, w]) => {
      const o = opts('same');
      const y = b.conv2d(x, w, o);
      const dy = b.upload(Float32Array.from({ length: y.size }, (_, i) => Math.cos(i * 0.11)), y.shape);
      return [y, b.conv2dGradInput(dy, w, x.shape, o), b.conv2dGradFilter(x, dy, w.shape, o)];
    }, 9, 1e-4, 1e-3);
  });

  it('conv layer backward through the tape (relu epilogue)', () => {
    compareWithReference([[2, 9, 8, 3], [3, 3, 3, 5], [5], [2, 9, 8, 5]], (b, [x, w, bias, upstream]) => {
      for (const t of [x, w, bias]) t.requiresGrad = true;
      const grads = backward(conv2d(x, w, { bias, activation: 'relu', padding: 'same' }), upstream);
      return [x, w, bias].map((t) => grads.get(t)!);
    });
  });
});
