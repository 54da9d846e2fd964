import { describe, expect, it } from 'vitest';
import { gradcheck } from '../testing/gradcheck';
import { createCpuBackend } from '../cpu/backend';
import { backward } from '../tape';
import { closeness, opCasesFor, toFloat32 } from '../../testdata/goldens';
import type { Activation } from '../kernels/pointwise';
import { dense, matmul } from './matmul';

const TOL = 1e-6;

describe('matmul op: gradients vs float64 finite differences', () => {
  for (const transA of [false, true])
    for (const transB of [false, true]) {
      const [M, N, K] = [3, 4, 5];
      const name = `${transA ? 'T' : 'N'}${transB ? 'T' : 'N'}`;
      it(`${name} ${M}x${N}x${K}`, () => {
        const r = gradcheck((_, [a, b]) => matmul(a, b, { transA, transB }), [
          { shape: transA ? [K, M] : [M, K] },
          { shape: transB ? [N, K] : [K, N] },
        ]);
        expect(r.maxError, JSON.stringify(r.worst)).toBeLessThan(TOL);
      });
      it(`${name} batched 2x(${M}x${N}x${K}) with bias + tanh`, () => {
        const r = gradcheck((_, [a, b, bias]) => matmul(a, b, { transA, transB, bias, activation: 'tanh' }), [
          { shape: transA ? [2, K, M] : [2, M, K] },
          { shape: transB ? [2, N, K] : [2, K, N] },
          { shape: [N] },
        ]);
        expect(r.maxError, JSON.stringify(r.worst)).toBeLessThan(TOL);
      });
    }

  // The shared-b layouts whose backward reduces over the batch (or transposes per batch).
  for (const [transA, transB] of [
    [false, false],
    [false, true],
    [true, false],
  ] as const) {
    it(`batched a with a shared 2-D b, transA=${transA} transB=${transB}`, () => {
      const [B, M, N, K] = [3, 2, 4, 5];
      const r = gradcheck((_, [a, b]) => matmul(a, b, { transA, transB }), [
        { shape: transA ? [B, K, M] : [B, M, K] },
        { shape: transB ? [N, K] : [K, N] },
      ]);
      expect(r.maxError, JSON.stringify(r.worst)).toBeLessThan(TOL);
    });
  }

  for (const act of ['relu', 'leakyRelu', 'elu', 'gelu', 'silu', 'sigmoid', 'softplus'] as Activation[]) {
    it(`dense with fused bias + ${act}`, () => {
      // Inputs kept away from the kinks of relu-like activations (finite differences straddle them).
      const r = gradcheck((_, [x, w, b]) => dense(x, w, b, act, 0.3), [{ shape: [4, 3] }, { shape: [3, 5] }, { shape: [5] }], { seed: 11 });
      expect(r.maxError, JSON.stringify(r.worst)).toBeLessThan(TOL);
    });
  }

  it('runs no extra kernels and keeps no z without a gradient', () => {
    const cpu = createCpuBackend();
    const x = cpu.fill([2, 3], 1);
    const w = cpu.fill([3, 2], -1);
    const before = cpu.memory().liveTensors;
    const y = dense(x, w, cpu.fill([2], 0.5), 'relu');
    expect(Array.from(cpu.readSync(y))).toEqual([0, 0, 0, 0]);
    expect(cpu.memory().liveTensors - before).toBe(2); // the bias and y
    expect(y.creator).toBeNull();
  });
});

describe('matmul op: gradients vs PyTorch goldens', () => {
  for (const c of opCasesFor('gemm')) {
    it(c.name, () => {
      const cpu = createCpuBackend('f32');
      const { transA, transB, activation } = c.attrs;
      const t = (k: string) => {
        const x = cpu.upload(toFloat32(c.inputs[k]), c.inputs[k].shape);
        x.requiresGrad = true;
        return x;
      };
      const [a, b] = [t('a'), t('b')];
      const bias = c.inputs.bias ? t('bias') : undefined;
      const y = matmul(a, b, { transA, transB, bias, activation: activation as Activation | undefined });
      expect(closeness(cpu.readSync(y), c.outputs.y.data)).toBeLessThanOrEqual(1);
      const grads = backward(y, cpu.upload(toFloat32(c.upstream.y), y.shape));
      const inputs: Record<string, typeof a | undefined> = { a, b, bias };
      for (const [k, g] of Object.entries(c.grads)) {
        expect(closeness(cpu.readSync(grads.get(inputs[k]!)!), g.data, 1e-5, 1e-5), k).toBeLessThanOrEqual(1);
      }
    });
  }
});
