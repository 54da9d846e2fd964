// WebGPU elementwise kernels vs the f32 CPU reference on odd shapes (Dawn on SwiftShader).
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, BINARY_OPS, COMPARE_OPS, UNARY_OPS, type UnaryOp } from '../kernels/pointwise';
import { gpuBackend } from './test-backend';
import { cpu, expectClose, pair, randomValues } from './pointwise-check';

const SIZES = [1, 3, 17, 65, 129, 1000];
/** Ops whose input must be positive. */
const POSITIVE: UnaryOp[] = ['log', 'sqrt', 'reciprocal'];

describe('WebGPU unary kernels (generated from the pointwise table)', () => {
  it('forward and gradient of every op match the CPU on odd sizes', async () => {
    const gpu = await gpuBackend();
    for (const op of UNARY_OPS) {
      for (const n of [3, 1000]) {
        const data = randomValues(n, n + 1, -4, 4).map((v) => (POSITIVE.includes(op) ? Math.abs(v) + 0.1 : v));
        const [gx, cx] = pair(gpu, data, [n]);
        const [gdy, cdy] = pair(gpu, randomValues(n, 5), [n]);
        const gy = gpu.unary(op, gx, 0.2);
        const cy = cpu.unary(op, cx, 0.2);
        await expectClose(gy, cy, `${op} forward n=${n}`);
        await expectClose(gpu.unaryGrad(op, gx, gy, gdy, 0.2), cpu.unaryGrad(op, cx, cy, cdy, 0.2), `${op} grad n=${n}`);
      }
    }
  });

  it('activations, exp and the gradients stay finite for |x| up to 80', async () => {
    const gpu = await gpuBackend();
    const data = [-80, -60, -30, -10, -1e-3, 0, 1e-3, 10, 30, 60, 80];
    const [gx, cx] = pair(gpu, data, [data.length]);
    const [gdy, cdy] = pair(gpu, data.map(() => 1), [data.length]);
    for (const op of [...ACTIVATIONS, 'exp', 'neg', 'abs'] as UnaryOp[]) {
      const gy = gpu.unary(op, gx, 0.2);
      const dx = gpu.unaryGrad(op, gx, gy, gdy, 0.2);
      const values = [...(await gy.read()), ...(await dx.read())];
      expect(values.every(Number.isFinite), `${op}: ${values}`).toBe(true);
      const cy = cpu.unary(op, cx, 0.2);
      await expectClose(gy, cy, `${op} at ±80`);
      await expectClose(dx, cpu.unaryGrad(op, cx, cy, cdy, 0.2), `${op} grad at ±80`);
    }
  });

  it('spreads dispatches over more than 65535 workgroups (grid y)', async () => {
    const gpu = await gpuBackend();
    const n = 256 * 65535 + 17;
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = i % 1000;
    const y = await gpu.binaryScalar('add', gpu.upload(data, [n]), 1).read();
    expect(y[0]).toBe(1);
    expect(y[n - 1]).toBe(((n - 1) % 1000) + 1);
    expect(y[256 * 65535]).toBe(((256 * 65535) % 1000) + 1);
  });
});

describe('WebGPU broadcasting binary kernels', () => {
  const cases: [string, number[], number[]][] = [
    ['same shape', [17, 65], [17, 65]],
    ['row vector', [129, 17], [17]],
    ['row [1, C]', [3, 65], [1, 65]],
    ['scalar', [1000], [1]],
    ['scalar on the left', [1], [3, 17]],
    ['column', [17, 1], [17, 129]],
    ['both ways', [3, 1, 17], [65, 1]],
    ['rank 4 middle', [2, 1, 3, 5], [1, 17, 3, 1]],
  ];

  for (const [name, sa, sb] of cases) {
    it(`binary and compare ops: ${name} [${sa}] with [${sb}]`, async () => {
      const gpu = await gpuBackend();
      const na = sa.reduce((x, y) => x * y, 1);
      const nb = sb.reduce((x, y) => x * y, 1);
      // Rounded to quarters so comparisons see ties too.
      const da = randomValues(na, 1, -3, 3).map((v) => Math.round(v * 4) / 4);
      const db = randomValues(nb, 2, -3, 3).map((v) => Math.round(v * 4) / 4);
      const [ga, ca] = pair(gpu, da, sa);
      const [gb, cb] = pair(gpu, db, sb);
      for (const op of BINARY_OPS) {
        if (op === 'pow' || op === 'div') continue;
        await expectClose(gpu.binary(op, ga, gb), cpu.binary(op, ca, cb), `${op} ${name}`);
      }
      for (const op of COMPARE_OPS) await expectClose(gpu.compare(op, ga, gb), cpu.compare(op, ca, cb), `${op} ${name}`);
      const [gpos, cpos] = pair(gpu, db.map((v) => Math.abs(v) + 0.5), sb);
      await expectClose(gpu.binary('div', ga, gpos), cpu.binary('div', ca, cpos), `div ${name}`);
      const [gbase, cbase] = pair(gpu, da.map((v) => Math.abs(v) + 0.1), sa);
      await expectClose(gpu.binary('pow', gbase, gb), cpu.binary('pow', cbase, cb), `pow ${name}`);
    });
  }

  it('pow with a negative base and integer exponents matches Math.pow', async () => {
    const gpu = await gpuBackend();
    const [ga, ca] = pair(gpu, [-2, -2, -1.5, 0, 0, 3], [6]);
    const [gb, cb] = pair(gpu, [2, 3, 0, 2, 0, -1], [6]);
    await expectClose(gpu.binary('pow', ga, gb), cpu.binary('pow', ca, cb), 'pow negative base');
  });

  it('broadcastTo, binaryScalar, clamp, addInPlace', async () => {
    const gpu = await gpuBackend();
    for (const [from, to] of [
      [[17], [3, 17]],
      [[3, 1], [3, 129]],
      [[1], [1000]],
      [[2, 1, 5], [2, 17, 5]],
    ] as [number[], number[]][]) {
      const [gx, cx] = pair(gpu, randomValues(from.reduce((a, b) => a * b, 1), 3), from);
      await expectClose(gpu.broadcastTo(gx, to), cpu.broadcastTo(cx, to), `broadcastTo [${from}] -> [${to}]`);
    }
    for (const n of SIZES) {
      const [gx, cx] = pair(gpu, randomValues(n, n, -3, 3), [n]);
      for (const op of BINARY_OPS) {
        const k = op === 'pow' ? 2 : -1.5;
        await expectClose(gpu.binaryScalar(op, gx, k), cpu.binaryScalar(op, cx, k), `${op} scalar n=${n}`);
      }
      await expectClose(gpu.clamp(gx, -0.5, 1.25), cpu.clamp(cx, -0.5, 1.25), `clamp n=${n}`);
      const [gd, cd] = pair(gpu, randomValues(n, 9), [n]);
      gpu.addInPlace(gd, gx, -0.75);
      cpu.addInPlace(cd, cx, -0.75);
      await expectClose(gd, cd, `addInPlace n=${n}`);
    }
  });

  it('where with f32 and u32 conditions, broadcasting all three', async () => {
    const gpu = await gpuBackend();
    const condData = [1, 0, -0, 2.5, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1];
    const [gc, cc] = pair(gpu, condData, [17, 1]);
    const [gcu, ccu] = pair(gpu, condData.map((v) => (v !== 0 ? 3 : 0)), [17, 1], 'u32');
    const [ga, ca] = pair(gpu, randomValues(17 * 65, 4), [17, 65]);
    const [gb, cb] = pair(gpu, randomValues(65, 6), [65]);
    await expectClose(gpu.where(gc, ga, gb), cpu.where(cc, ca, cb), 'where f32 cond');
    await expectClose(gpu.where(gcu, gb, ga), cpu.where(ccu, cb, ca), 'where u32 cond');
  });
});
