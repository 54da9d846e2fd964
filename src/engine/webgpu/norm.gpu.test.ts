// WebGPU norm-family kernels vs the CPU reference on random inputs with odd shapes, forward
// and backward; dropout masks and RNG bits identical on both; dynamic uniforms (dropout
// stream, gather offset) re-read by replayed step plans.
import { describe, expect, it } from 'vitest';
import { gpuBackend} from './test-backend';
import { createCpuBackend } from '../cpu/backend';
import { closeness } from '../../testdata/goldens';
import { hashU32, hashUniform, Rng } from '../random';
import { sizeOf, type Shape } from '../shape';
import type { Tensor } from '../tensor';
import type { WebGpuBackend } from './backend';
import { grid1d } from './grid';
import randomWgsl from '../../../shaders/random.wgsl?raw';
import probeWgsl from '../../../shaders/dropout-hash-probe.wgsl?raw';

const cpu = createCpuBackend('f32');
const rng = new Rng(42);
const random = (shape: Shape, lo = -2, hi = 2) => Float32Array.from({ length: sizeOf(shape) }, () => rng.range(lo, hi));

/** Uploads the same values to both backends. */
function pair(b: WebGpuBackend, data: Float32Array, shape: Shape): [Tensor, Tensor] {
  return [b.upload(data, shape), cpu.upload(data, shape)];
}

async function expectClose(g: Tensor, c: Tensor, what: string, rtol = 1e-4, atol = 1e-5): Promise<void> {
  expect(g.shape, what).toEqual(c.shape);
  const worst = closeness(await g.read(), cpu.readSync(c), rtol, atol);
  expect(worst, what).toBeLessThanOrEqual(1);
}

describe('WebGPU batch norm vs CPU', () => {
  // [rows, channels] splits: one chunk, several chunks (rows > 1024 with 3 channels, 300
  // rows of 65 channels across three column tiles), NHWC, a single row.
  const shapes: Shape[] = [[3, 19], [2, 3, 3, 17], [2, 40, 20, 3], [300, 65], [1, 4]];
  for (const shape of shapes) {
    for (const training of [true, false]) {
      it(`[${shape}] ${training ? 'training' : 'inference'}: forward, running stats, backward`, async () => {
        const b = await gpuBackend();
        const C = shape[shape.length - 1];
        const [x, xc] = pair(b, random(shape, -1, 3), shape);
        const [gm, gmc] = pair(b, random([C], 0.5, 1.5), [C]);
        const [bt, btc] = pair(b, random([C]), [C]);
        const [rm, rmc] = pair(b, random([C]), [C]);
        const [rv, rvc] = pair(b, random([C], 0.5, 2), [C]);
        const opts = { training, momentum: 0.1, eps: 1e-5 };
        const g = b.batchNorm(x, gm, bt, { mean: rm, variance: rv }, opts);
        const c = cpu.batchNorm(xc, gmc, btc, { mean: rmc, variance: rvc }, opts);
        await expectClose(g.y, c.y, 'y');
        await expectClose(g.mean, c.mean, 'mean');
        await expectClose(g.invStd, c.invStd, 'invStd', 1e-4, 1e-3);
        await expectClose(rm, rmc, 'running mean');
        await expectClose(rv, rvc, 'running variance');
        const [dy, dyc] = pair(b, random(shape), shape);
        const gg = b.batchNormGrad(x, dy, gm, g, training);
        const cg = cpu.batchNormGrad(xc, dyc, gmc, c, training);
        await expectClose(gg.dx, cg.dx, 'dx', 1e-4, 1e-4);
        await expectClose(gg.dgamma, cg.dgamma, 'dgamma', 1e-4, 1e-4);
        await expectClose(gg.dbeta, cg.dbeta, 'dbeta', 1e-4, 1e-4);
      });
    }
  }
});

describe('WebGPU batch norm with gamma, beta and running statistics in one flat buffer', () => {
  // Layers keep parameters (and possibly buffers) as views of one flat allocation: no
  // dispatch may bind that buffer read-only and read-write at once.
  it('trains and infers', async () => {
    const b = await gpuBackend();
    const { views } = b.allocFlat([[6], [6], [6], [6]]);
    const [gamma, beta, mean, variance] = views;
    b.copy(b.fill([6], 1), gamma);
    b.copy(b.fill([6], 1), variance);
    const data = random([4, 6]);
    const x = b.upload(data, [4, 6]);
    const run = { mean: cpu.zeros([6]), variance: cpu.fill([6], 1) };
    for (const training of [true, false]) {
      const opts = { training, momentum: 0.1, eps: 1e-5 };
      const g = b.batchNorm(x, gamma, beta, { mean, variance }, opts);
      const c = cpu.batchNorm(cpu.upload(data, [4, 6]), cpu.fill([6], 1), cpu.zeros([6]), run, opts);
      await expectClose(g.y, c.y, `y (${training ? 'training' : 'inference'})`, 1e-4, 1e-4);
      await expectClose(variance, run.variance, 'running variance');
    }
  });
});

describe('WebGPU layer norm vs CPU', () => {
  // Widths below, at and above each workgroup size.
  const shapes: Shape[] = [[1, 1], [3, 17], [5, 129], [2, 3, 300]];
  for (const shape of shapes) {
    it(`[${shape}]: forward and backward`, async () => {
      const b = await gpuBackend();
      const D = shape[shape.length - 1];
      const [x, xc] = pair(b, random(shape, -1, 3), shape);
      const [gm, gmc] = pair(b, random([D], 0.5, 1.5), [D]);
      const [bt, btc] = pair(b, random([D]), [D]);
      const g = b.layerNorm(x, gm, bt, 1e-5);
      const c = cpu.layerNorm(xc, gmc, btc, 1e-5);
      await expectClose(g.y, c.y, 'y', 1e-4, 1e-4);
      await expectClose(g.mean, c.mean, 'mean');
      await expectClose(g.invStd, c.invStd, 'invStd', 1e-4, 1e-3);
      const [dy, dyc] = pair(b, random(shape), shape);
      const gg = b.layerNormGrad(x, dy, gm, g);
      const cg = cpu.layerNormGrad(xc, dyc, gmc, c);
      await expectClose(gg.dx, cg.dx, 'dx', 1e-4, 1e-4);
      await expectClose(gg.dgamma, cg.dgamma, 'dgamma', 1e-4, 1e-3);
      await expectClose(gg.dbeta, cg.dbeta, 'dbeta', 1e-4, 1e-3);
    });
  }
});

describe('WebGPU dropout', () => {
  it('hashU32 and hashUniform in WGSL match random.ts bit for bit', async () => {
    const b = await gpuBackend();
    const n = 100_003;
    for (const [seed, stream] of [[0, 0], [1234, 7], [0xffffffff, 0x9e3779b9]]) {
      const words = b.zeros([n], 'u32');
      const bits = b.zeros([n], 'u32');
      const pipe = b.rt.pipeline({ code: `${randomWgsl}\n${probeWgsl}`, label: 'hash-probe' });
      const params = b.rt.params(pipe, { count: n, seed, stream });
      b.rt.dispatch(pipe, [b.storageOf(words), b.storageOf(bits), params], grid1d(n, 256), 'test');
      const w = await words.read();
      const u = new Float32Array((await bits.read()).buffer);
      for (let i = 0; i < n; i++) {
        if (w[i] !== hashU32(seed, stream, i) || u[i] !== hashUniform(seed, stream, i)) {
          expect({ i, gpu: [w[i], u[i]] }).toEqual({ i, gpu: [hashU32(seed, stream, i), hashUniform(seed, stream, i)] });
        }
      }
    }
  });

  it('masks and outputs equal the CPU for the same (seed, stream), odd sizes', async () => {
    const b = await gpuBackend();
    for (const [n, rate] of [[1, 0.5], [17, 0.1], [1000, 0.3], [4099, 0.9]] as const) {
      const [x, xc] = pair(b, random([n]), [n]);
      const g = b.dropout(x, rate, 99, 5);
      const c = cpu.dropout(xc, rate, 99, 5);
      expect(Array.from(await g.mask.read())).toEqual(Array.from(cpu.readSync(c.mask)));
      expect(Array.from(await g.y.read())).toEqual(Array.from(cpu.readSync(c.y)));
      const [dy, dyc] = pair(b, random([n]), [n]);
      expect(Array.from(await b.dropoutGrad(dy, g.mask).read())).toEqual(Array.from(cpu.readSync(cpu.dropoutGrad(dyc, c.mask))));
    }
  });

  it('a replayed step plan reads the stream from the uniform block: a new mask per step', async () => {
    const b = await gpuBackend();
    const block = b.createUniforms(6);
    const cpuBlock = cpu.createUniforms(6);
    const n = 777;
    const [x, xc] = pair(b, random([n]), [n]);
    block.u32[5] = cpuBlock.u32[5] = 10;
    block.sync();
    b.rt.beginPlan();
    const { mask } = b.dropout(x, 0.5, 3, { block, index: 5 });
    const plan = b.rt.endPlan();
    const first = Array.from(await mask.read());
    expect(first).toEqual(Array.from(cpu.readSync(cpu.dropout(xc, 0.5, 3, { block: cpuBlock, index: 5 }).mask)));
    block.u32[5] = cpuBlock.u32[5] = 11;
    block.sync();
    plan.replay();
    const second = Array.from(await mask.read());
    expect(second).not.toEqual(first);
    expect(second).toEqual(Array.from(cpu.readSync(cpu.dropout(xc, 0.5, 3, { block: cpuBlock, index: 5 }).mask)));
    plan.dispose();
  });
});

describe('WebGPU gatherRows and transpose', () => {
  it('gathers f32 (scalar and vec4 rows) and u32 rows at a dynamic offset, replayed', async () => {
    const b = await gpuBackend();
    const R = 50;
    const perm = new Rng(3).permutation(R);
    const idx = b.upload(perm, [R], 'u32');
    const idxc = cpu.upload(perm, [R], 'u32');
    const block = b.createUniforms(4);
    const cpuBlock = cpu.createUniforms(4);
    for (const shape of [[R, 7], [R, 2, 2, 2], [R]] as Shape[]) {
      const u32 = shape.length === 1;
      const data = u32 ? Uint32Array.from({ length: R }, (_, i) => i * 3 + 1) : random(shape);
      const src = b.upload(data, shape, u32 ? 'u32' : 'f32');
      const srcc = cpu.upload(data, shape, u32 ? 'u32' : 'f32');
      block.u32[2] = cpuBlock.u32[2] = 4;
      block.sync();
      b.rt.beginPlan();
      const out = b.gatherRows(src, idx, { block, index: 2 }, 17);
      const plan = b.rt.endPlan();
      expect(out.dtype).toBe(src.dtype);
      for (const offset of [4, 33, 0]) {
        block.u32[2] = cpuBlock.u32[2] = offset;
        block.sync();
        plan.replay();
        const want = cpu.readSync(cpu.gatherRows(srcc, idxc, { block: cpuBlock, index: 2 }, 17));
        expect(Array.from(await out.read()), `[${shape}] offset ${offset}`).toEqual(Array.from(want));
      }
      plan.dispose();
    }
  });

  it('transposes odd shapes, f32 and u32', async () => {
    const b = await gpuBackend();
    for (const shape of [[1, 1], [3, 65], [17, 129]] as [number, number][]) {
      const data = random(shape);
      const [x, xc] = pair(b, data, shape);
      const y = b.transpose(x);
      expect(y.shape).toEqual([shape[1], shape[0]]);
      expect(Array.from(await y.read())).toEqual(Array.from(cpu.readSync(cpu.transpose(xc))));
    }
    const u = b.upload([1, 2, 3, 4, 5, 6], [2, 3], 'u32');
    const t = b.transpose(u);
    expect(t.dtype).toBe('u32');
    expect(Array.from(await t.read())).toEqual([1, 4, 2, 5, 3, 6]);
  });
});

describe('WebGPU norm kernels on folded grids (more workgroups than one dimension allows)', () => {
  // NOTE: SwiftShader needs minutes for 65536+ real workgroups, so the per-dimension limit
  // is lowered to 16 instead: the same folding code (grid y or z > 1) runs at small sizes.
  it('layer norm, batch norm, dropout, gather and transpose agree with the CPU', async () => {
    const b = await gpuBackend();
    const limits = b.rt.limits;
    const saved = limits.maxComputeWorkgroupsPerDimension;
    limits.maxComputeWorkgroupsPerDimension = 16;
    try {
      const [x, xc] = pair(b, random([70, 5]), [70, 5]);
      const [one, onec] = pair(b, Float32Array.from([1, 2, 3, 4, 5]), [5]);
      const [zero, zeroc] = pair(b, new Float32Array(5), [5]);
      const ln = b.layerNorm(x, one, zero, 1e-5);
      const lnc = cpu.layerNorm(xc, onec, zeroc, 1e-5);
      await expectClose(ln.y, lnc.y, 'layerNorm y', 1e-4, 1e-4);
      await expectClose(b.layerNormGrad(x, x, one, ln).dx, cpu.layerNormGrad(xc, xc, onec, lnc).dx, 'layerNorm dx', 1e-4, 1e-4);

      const [big, bigc] = pair(b, random([2000, 3]), [2000, 3]);
      const [g3, g3c] = pair(b, Float32Array.from([1, -1, 2]), [3]);
      const run = { mean: b.zeros([3]), variance: b.fill([3], 1) };
      const runc = { mean: cpu.zeros([3]), variance: cpu.fill([3], 1) };
      const opts = { training: true, momentum: 0.1, eps: 1e-5 };
      const bn = b.batchNorm(big, g3, g3, run, opts);
      const bnc = cpu.batchNorm(bigc, g3c, g3c, runc, opts);
      await expectClose(bn.y, bnc.y, 'batchNorm y', 1e-4, 1e-4);
      await expectClose(b.batchNormGrad(big, big, g3, bn).dx, cpu.batchNormGrad(bigc, bigc, g3c, bnc).dx, 'batchNorm dx', 1e-4, 1e-4);

      const [d, dc] = pair(b, random([4099]), [4099]);
      expect(Array.from(await b.dropout(d, 0.5, 1, 2).mask.read())).toEqual(Array.from(cpu.readSync(cpu.dropout(dc, 0.5, 1, 2).mask)));

      const [src, srcc] = pair(b, random([40, 300]), [40, 300]);
      const order = new Rng(9).permutation(40);
      const rows = b.gatherRows(src, b.upload(order, [40], 'u32'), 3, 17);
      const rowsc = cpu.gatherRows(srcc, cpu.upload(order, [40], 'u32'), 3, 17);
      expect(Array.from(await rows.read())).toEqual(Array.from(cpu.readSync(rowsc)));

      const [t, tc] = pair(b, random([300, 3]), [300, 3]);
      expect(Array.from(await b.transpose(t).read())).toEqual(Array.from(cpu.readSync(cpu.transpose(tc))));
    } finally {
      limits.maxComputeWorkgroupsPerDimension = saved;
    }
  });
});
