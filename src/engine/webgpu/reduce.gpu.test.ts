// WebGPU reductions vs the f32 CPU reference: every axis set of a 3-D tensor, long rows
// and columns (multi-pass chunks), more than 65535 rows, sumToShape, argmax, determinism.
import { describe, expect, it } from 'vitest';
import type { ReduceOp } from '../kernels/pointwise';
import { gpuBackend } from './test-backend';
import { cpu, expectClose, pair, randomValues, withGridLimit } from './pointwise-check';

const OPS: ReduceOp[] = ['sum', 'mean', 'max'];
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

describe('WebGPU reduce', () => {
  const axisSets = [[0], [1], [2], [-1], [0, 1], [1, 2], [0, 2], [0, 1, 2], []];
  for (const shape of [
    [17, 3, 65],
    [3, 129, 5],
    [1, 33, 1],
  ]) {
    it(`sum, mean, max over every axis set of [${shape}], keepDims both ways`, async () => {
      const gpu = await gpuBackend();
      const [gx, cx] = pair(gpu, randomValues(size(shape), 11, -80, 80), shape);
      const checks: Promise<void>[] = [];
      for (const axes of axisSets) {
        for (const op of OPS) {
          const keep = axes.length % 2 === 1;
          checks.push(expectClose(gpu.reduce(op, gx, axes, keep), cpu.reduce(op, cx, axes, keep), `${op} [${axes}] keep=${keep}`));
        }
      }
      await Promise.all(checks);
    });
  }

  it('bias-gradient column sums [N, C] over N, including multi-chunk columns', async () => {
    const gpu = await gpuBackend();
    for (const shape of [
      [129, 17],
      [1000, 1],
      [65, 3],
      [3000, 40],
      [3, 1000],
      [1, 65],
    ]) {
      const [gx, cx] = pair(gpu, randomValues(size(shape), shape[0]), shape);
      const checks = OPS.flatMap((op) =>
        [0, 1].map((axis) => expectClose(gpu.reduce(op, gx, [axis]), cpu.reduce(op, cx, [axis]), `${op} [${shape}] axis ${axis}`)),
      );
      await Promise.all(checks);
    }
  });

  it('long rows split into chunks whose partials are reduced again', async () => {
    const gpu = await gpuBackend();
    const [gl, cl] = pair(gpu, randomValues(100_003, 5), [100_003]);
    for (const op of OPS) await expectClose(gpu.reduce(op, gl, [0]), cpu.reduce(op, cl, [0]), `${op} long row`);
  });

  it('spills grids past the per-dimension workgroup limit into y', async () => {
    const gpu = await gpuBackend();
    await withGridLimit(gpu, 32, async () => {
      const checks: Promise<void>[] = [];
      for (const shape of [
        [129, 33],
        [1000, 3],
        [3, 2, 1000],
        [200, 1, 65],
      ]) {
        const [gx, cx] = pair(gpu, randomValues(size(shape), 6), shape);
        for (const axes of [[0], [-1]]) {
          for (const op of ['sum', 'max'] as const) {
            checks.push(expectClose(gpu.reduce(op, gx, axes), cpu.reduce(op, cx, axes), `${op} [${shape}] over [${axes}]`));
          }
        }
        checks.push(expectClose(gpu.argmax(gx), cpu.argmax(cx), `argmax [${shape}]`, 0));
      }
      await Promise.all(checks);
    });
  });

  it('is bit-reproducible run to run', async () => {
    const gpu = await gpuBackend();
    const x = gpu.upload(randomValues(1000 * 129, 8, -1e3, 1e3), [1000, 129]);
    const a = await gpu.reduce('sum', x, [0]).read();
    const b = await gpu.reduce('sum', x, [0]).read();
    const c = await gpu.reduce('sum', x, [0, 1]).read();
    const d = await gpu.reduce('sum', x, [0, 1]).read();
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(c)).toEqual(Array.from(d));
  });

  it('sumToShape folds broadcast gradients back', async () => {
    const gpu = await gpuBackend();
    for (const [from, to] of [
      [[129, 17], [17]],
      [[17, 65], [17, 1]],
      [[3, 17, 5], [1, 1]],
      [[2, 17, 3, 5], [17, 1, 5]],
      [[3, 4], [3, 4]],
    ] as [number[], number[]][]) {
      const [gx, cx] = pair(gpu, randomValues(size(from), 3), from);
      await expectClose(gpu.sumToShape(gx, to), cpu.sumToShape(cx, to), `sumToShape [${from}] -> [${to}]`);
    }
  });

  it('argmax along the last axis, first index on ties', async () => {
    const gpu = await gpuBackend();
    for (const shape of [
      [17, 1000],
      [65, 3],
      [1, 1],
      [3, 129],
      [2, 3, 17],
    ]) {
      // Values rounded to integers: many ties, which must resolve to the first index.
      const data = randomValues(size(shape), shape[0], -4, 4).map(Math.round);
      const [gx, cx] = pair(gpu, data, shape);
      await expectClose(gpu.argmax(gx), cpu.argmax(cx), `argmax [${shape}]`, 0);
    }
  });
});
