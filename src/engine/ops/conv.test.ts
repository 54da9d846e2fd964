// Conv and pooling ops on the CPU: PyTorch goldens (forward and every gradient) and
// float64 finite differences through the tape.
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../cpu/backend';
import { backward } from '../tape';
import { tidy, type Tensor } from '../tensor';
import { gradcheck } from '../testing/gradcheck';
import { closeness, opCasesFor, type OpCase } from '../../testdata/goldens';
import { avgPool2d, conv2d, depthwiseConv2d, maxPool2d, separableConv2d } from './conv';

const cpu = createCpuBackend('f32');

function runGolden(c: OpCase, fn: (inputs: Record<string, Tensor>) => Tensor): void {
  tidy(() => {
    const inputs: Record<string, Tensor> = {};
    for (const [k, t] of Object.entries(c.inputs)) {
      inputs[k] = cpu.upload(t.data, t.shape);
      inputs[k].requiresGrad = true;
    }
    const y = fn(inputs);
    expect(y.shape, c.name).toEqual(c.outputs.y.shape);
    expect(closeness(cpu.readSync(y), c.outputs.y.data, 1e-5, 1e-5), `${c.name} y`).toBeLessThanOrEqual(1);
    const grads = backward(y, cpu.upload(c.upstream.y.data, c.upstream.y.shape));
    for (const [k, g] of Object.entries(c.grads)) {
      const got = cpu.readSync(grads.get(inputs[k])!);
      expect(closeness(got, g.data, 1e-5, 1e-5), `${c.name} d${k}`).toBeLessThanOrEqual(1);
    }
  });
}

describe('conv ops vs PyTorch goldens (CPU f32)', () => {
  it.each(opCasesFor('conv2d').map((c) => [c.name, c] as const))('%s', (_n, c) =>
    runGolden(c, (i) => conv2d(i.x, i.filter, { bias: i.bias, strides: c.attrs.strides, padding: c.attrs.padding, dilation: c.attrs.dilation })),
  );
  it.each(opCasesFor('depthwiseConv2d').map((c) => [c.name, c] as const))('%s', (_n, c) =>
    runGolden(c, (i) => depthwiseConv2d(i.x, i.filter, { bias: i.bias, strides: c.attrs.strides, padding: c.attrs.padding, dilation: c.attrs.dilation })),
  );
  it.each(opCasesFor('maxPool2d').map((c) => [c.name, c] as const))('%s', (_n, c) =>
    runGolden(c, (i) => maxPool2d(i.x, { poolSize: c.attrs.poolSize!, strides: c.attrs.strides, padding: c.attrs.padding })),
  );
  it.each(opCasesFor('avgPool2d').map((c) => [c.name, c] as const))('%s', (_n, c) =>
    runGolden(c, (i) => avgPool2d(i.x, { poolSize: c.attrs.poolSize!, strides: c.attrs.strides, padding: c.attrs.padding })),
  );
});

describe('conv ops vs float64 finite differences', () => {
  const tol = 1e-6;
  it.each([
    ['valid s1', { padding: 'valid', strides: 1 }],
    ['same s2', { padding: 'same', strides: 2 }],
    ['same s3 d2', { padding: 'same', strides: [3, 1], dilation: 2 }],
    ['valid s2 d2', { padding: 'valid', strides: 2, dilation: [2, 1] }],
  ] as const)('conv2d %s (with bias)', (_n, args) => {
    const r = gradcheck((_b, [x, w, bias]) => conv2d(x, w, { ...args, bias }), [{ shape: [2, 7, 6, 3] }, { shape: [3, 2, 3, 2] }, { shape: [2] }]);
    expect(r.maxError, JSON.stringify(r.worst)).toBeLessThan(tol);
  });

  it.each(['gelu', 'elu', 'leakyRelu', 'sigmoid'] as const)('conv2d with a %s activation (training path keeps z)', (activation) => {
    const r = gradcheck((_b, [x, w, bias]) => conv2d(x, w, { padding: 'same', bias, activation }), [{ shape: [1, 4, 5, 2] }, { shape: [3, 3, 2, 3] }, { shape: [3] }]);
    // NOTE: gelu's erf is an approximation (|error| < 1.5e-7) whose own slope differs from the
    // exact derivative the table uses by ~1e-6, so the activation cases get 1e-5.
    expect(r.maxError, JSON.stringify(r.worst)).toBeLessThan(1e-5);
  });

  it.each([
    ['mult 1 same s2', 1, { padding: 'same', strides: 2 }],
    ['mult 3 valid d2', 3, { padding: 'valid', dilation: 2 }],
  ] as const)('depthwiseConv2d %s', (_n, m, args) => {
    const r = gradcheck((_b, [x, w, bias]) => depthwiseConv2d(x, w, { ...args, bias }), [{ shape: [2, 7, 5, 2] }, { shape: [3, 2, 2, m] }, { shape: [2 * m] }]);
    expect(r.maxError, JSON.stringify(r.worst)).toBeLessThan(tol);
  });

  it('separableConv2d composes depthwise and pointwise', () => {
    const r = gradcheck(
      (_b, [x, dw, pw, bias]) => separableConv2d(x, dw, pw, { padding: 'same', bias }),
      [{ shape: [1, 5, 5, 3] }, { shape: [3, 3, 3, 1] }, { shape: [1, 1, 3, 4] }, { shape: [4] }],
    );
    expect(r.maxError, JSON.stringify(r.worst)).toBeLessThan(tol);
  });

  it.each([
    ['3x3 s2 same', { poolSize: 3, strides: 2, padding: 'same' }],
    ['2x2 valid overlapping s1', { poolSize: 2, strides: 1 }],
  ] as const)('maxPool2d %s', (_n, args) => {
    // Distinct values keep every window's max away from a tie (finite differences need it).
    const data = Array.from({ length: 2 * 5 * 7 * 2 }, (_, i) => ((i * 37) % 140) / 70 - 1);
    const r = gradcheck((_b, [x]) => maxPool2d(x, args), [{ shape: [2, 5, 7, 2], data }]);
    expect(r.maxError, JSON.stringify(r.worst)).toBeLessThan(tol);
  });

  it.each([
    ['3x3 s2 same', { poolSize: 3, strides: 2, padding: 'same' }],
    ['2x3 s1 valid', { poolSize: [2, 3], strides: 1 }],
  ] as const)('avgPool2d %s', (_n, args) => {
    const r = gradcheck((_b, [x]) => avgPool2d(x, args), [{ shape: [2, 5, 7, 2] }]);
    expect(r.maxError, JSON.stringify(r.worst)).toBeLessThan(tol);
  });
});

describe('conv op plumbing', () => {
  it('fuses bias + activation when no gradient is needed', () => {
    const x = cpu.upload([1, -2, 3, -4], [1, 2, 2, 1]);
    const w = cpu.upload([1], [1, 1, 1, 1]);
    const bias = cpu.upload([0.5], [1]);
    expect(Array.from(cpu.readSync(conv2d(x, w, { bias, activation: 'relu' })))).toEqual([1.5, 0, 3.5, 0]);
  });

  it('gives the same forward value fused (no grad) and unfused (training)', () => {
    tidy(() => {
      const x = cpu.upload(Array.from({ length: 30 }, (_, i) => Math.sin(i)), [1, 3, 5, 2]);
      const w = cpu.upload(Array.from({ length: 36 }, (_, i) => Math.cos(i)), [3, 3, 2, 2]);
      const bias = cpu.upload([0.1, -0.2], [2]);
      const fused = cpu.readSync(conv2d(x, w, { padding: 'same', bias, activation: 'elu' }));
      w.requiresGrad = true;
      const unfused = cpu.readSync(conv2d(x, w, { padding: 'same', bias, activation: 'elu' }));
      expect(closeness(fused, unfused, 1e-6, 1e-7)).toBeLessThanOrEqual(1);
    });
  });

  it('computes only the gradients that are needed', () => {
    tidy(() => {
      const x = cpu.upload(Array.from({ length: 18 }, (_, i) => i), [1, 3, 3, 2]);
      const w = cpu.upload(Array.from({ length: 8 }, (_, i) => i / 8), [2, 2, 2, 1]);
      w.requiresGrad = true;
      const y = conv2d(x, w);
      const grads = backward(y);
      expect(grads.has(x)).toBe(false);
      // dW[ky,kx,ci,0] = Σ over the 2x2 outputs of the input under that tap (x = 2·pixel + ci).
      expect(Array.from(cpu.readSync(grads.get(w)!))).toEqual([16, 20, 24, 28, 40, 44, 48, 52]);
    });
  });
});
