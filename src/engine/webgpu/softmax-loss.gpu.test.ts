// WebGPU softmax (forward and gradient) and fused losses vs the f32 CPU reference on odd
// shapes and large logits, plus the autograd ops run end to end on the GPU.
import { describe, expect, it } from 'vitest';
import { backward } from '../tape';
import { tidy, type Tensor } from '../tensor';
import type { Backend } from '../backend';
import * as ops from '../ops/pointwise';
import { gpuBackend } from './test-backend';
import { cpu, expectClose, pair, randomValues, withGridLimit } from './pointwise-check';

const SHAPES = [
  [1, 1],
  [17, 3],
  [65, 10],
  [3, 129],
  [2, 1000],
];
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** Logits in [-80, 80): exp overflows without the max shift. */
const bigLogits = (n: number, seed: number) => randomValues(n, seed, -80, 80);

function labelsFor(rows: number, classes: number, seed: number): number[] {
  return Array.from(randomValues(rows, seed, 0, classes), (v) => Math.min(classes - 1, Math.floor(v)));
}

describe('WebGPU softmax', () => {
  it('forward and gradient, short rows (thread per row) and long rows (workgroup per row)', async () => {
    const gpu = await gpuBackend();
    const checks: Promise<void>[] = [];
    for (const shape of SHAPES) {
      const [gx, cx] = pair(gpu, bigLogits(size(shape), shape[1]), shape);
      const [gdy, cdy] = pair(gpu, randomValues(size(shape), 2), shape);
      const gy = gpu.softmax(gx);
      const cy = cpu.softmax(cx);
      checks.push(expectClose(gy, cy, `softmax [${shape}]`));
      checks.push(expectClose(gpu.softmaxGrad(gy, gdy), cpu.softmaxGrad(cy, cdy), `softmaxGrad [${shape}]`));
    }
    await Promise.all(checks);
  });

  it('rows sum to 1 on a 1000-wide row of large values', async () => {
    const gpu = await gpuBackend();
    const y = await gpu.softmax(gpu.upload(bigLogits(1000, 9), [1, 1000])).read();
    expect(y.every(Number.isFinite)).toBe(true);
    expect(Array.from(y).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });
});

describe('WebGPU fused losses', () => {
  it('softmaxCrossEntropy: mean loss and dlogits', async () => {
    const gpu = await gpuBackend();
    const checks: Promise<void>[] = [];
    for (const shape of SHAPES) {
      const [gx, cx] = pair(gpu, bigLogits(size(shape), shape[0]), shape);
      const [gl, cl] = pair(gpu, labelsFor(shape[0], shape[1], 4), [shape[0]], 'u32');
      const g = gpu.softmaxCrossEntropy(gx, gl);
      const c = cpu.softmaxCrossEntropy(cx, cl);
      checks.push(expectClose(g.loss, c.loss, `xent loss [${shape}]`), expectClose(g.grad, c.grad, `xent grad [${shape}]`));
    }
    await Promise.all(checks);
  });

  it('binaryCrossEntropy, meanSquaredError, huber on odd sizes', async () => {
    const gpu = await gpuBackend();
    const checks: Promise<void>[] = [];
    for (const shape of [[1], [17, 1], [3, 65], [1000], [129, 3]]) {
      const n = size(shape);
      const [gx, cx] = pair(gpu, bigLogits(n, n), shape);
      const [gt, ct] = pair(gpu, Array.from(randomValues(n, 3), (v) => +(v > 0)), shape);
      const [gp, cp] = pair(gpu, randomValues(n, 5, -3, 3), shape);
      const [gq, cq] = pair(gpu, randomValues(n, 6, -3, 3), shape);
      const results: [string, { loss: Tensor; grad: Tensor }, { loss: Tensor; grad: Tensor }][] = [
        ['bce', gpu.binaryCrossEntropy(gx, gt), cpu.binaryCrossEntropy(cx, ct)],
        ['mse', gpu.meanSquaredError(gp, gq), cpu.meanSquaredError(cp, cq)],
        ['huber', gpu.huber(gp, gq, 0.7), cpu.huber(cp, cq, 0.7)],
      ];
      for (const [name, g, c] of results) {
        checks.push(expectClose(g.loss, c.loss, `${name} loss [${shape}]`), expectClose(g.grad, c.grad, `${name} grad [${shape}]`));
      }
    }
    await Promise.all(checks);
  });

  it('countCorrect: argmax for C > 1, logit > 0 for C = 1 (u32 or f32 labels)', async () => {
    const gpu = await gpuBackend();
    const checks: Promise<void>[] = [];
    for (const shape of [[17, 3], [129, 10], [1000, 1], [3, 1]]) {
      const [rows, classes] = shape;
      const data = randomValues(rows * classes, rows, -2, 2).map(Math.round); // ties included
      const [gx, cx] = pair(gpu, data, shape);
      const labels = classes === 1 ? labelsFor(rows, 2, 8) : labelsFor(rows, classes, 8);
      const [gl, cl] = pair(gpu, labels, [rows], 'u32');
      checks.push(expectClose(gpu.countCorrect(gx, gl), cpu.countCorrect(cx, cl), `countCorrect u32 [${shape}]`, 0));
      const [gf, cf] = pair(gpu, labels, [rows]);
      checks.push(expectClose(gpu.countCorrect(gx, gf), cpu.countCorrect(cx, cf), `countCorrect f32 [${shape}]`, 0));
    }
    await Promise.all(checks);
  });

  it('row kernels spill their grid into y past the workgroup limit', async () => {
    const gpu = await gpuBackend();
    await withGridLimit(gpu, 16, async () => {
      const checks: Promise<void>[] = [];
      for (const shape of [[100, 33], [5000, 3]]) {
        const [gx, cx] = pair(gpu, bigLogits(size(shape), 3), shape);
        const [gl, cl] = pair(gpu, labelsFor(shape[0], shape[1], 5), [shape[0]], 'u32');
        checks.push(expectClose(gpu.softmax(gx), cpu.softmax(cx), `softmax [${shape}]`));
        const g = gpu.softmaxCrossEntropy(gx, gl);
        const c = cpu.softmaxCrossEntropy(cx, cl);
        checks.push(expectClose(g.grad, c.grad, `xent grad [${shape}]`), expectClose(g.loss, c.loss, `xent loss [${shape}]`));
        checks.push(expectClose(gpu.countCorrect(gx, gl), cpu.countCorrect(cx, cl), `countCorrect [${shape}]`, 0));
      }
      const [gp, cp] = pair(gpu, randomValues(3000, 2), [3000]);
      const [gq, cq] = pair(gpu, randomValues(3000, 3), [3000]);
      checks.push(expectClose(gpu.meanSquaredError(gp, gq).loss, cpu.meanSquaredError(cp, cq).loss, 'mse 3000'));
      await Promise.all(checks);
    });
  });
});

describe('pointwise autograd ops on the GPU', () => {
  /** A small graph touching broadcasting, reductions, where, max, clamp and the losses. */
  function graph(b: Backend, x: Tensor, w: Tensor, labels: Tensor): Tensor {
    const h = ops.tanh(ops.add(ops.mul(x, w), ops.clamp(x, -0.5, 0.5)));
    const m = ops.max(h, 0, true);
    const z = ops.where(ops.sub(h, m), ops.logSoftmax(h), ops.softmax(h));
    const s = ops.mean(ops.square(ops.sub(z, ops.sum(z, -1, true))));
    return ops.add(ops.softmaxCrossEntropy(ops.scale(z, 3), labels), s);
  }

  it('matches the CPU for values and gradients', async () => {
    const gpu = await gpuBackend();
    const run = async (b: Backend) =>
      tidy(() => {
        const x = b.upload(randomValues(17 * 5, 1, -2, 2), [17, 5]);
        const w = b.upload(randomValues(5, 2), [5]);
        x.requiresGrad = true;
        w.requiresGrad = true;
        const labels = b.upload(labelsFor(17, 5, 3), [17], 'u32');
        const loss = graph(b, x, w, labels);
        const grads = backward(loss);
        return [loss, grads.get(x)!, grads.get(w)!];
      });
    const [gl, gx, gw] = await run(gpu);
    const [cl, cx, cw] = await run(cpu);
    await expectClose(gl, cl, 'loss');
    await expectClose(gx, cx, 'dx');
    await expectClose(gw, cw, 'dw');
  });
});
