// WebGPU group norm vs the CPU reference on odd shapes (forward, statistics, all three
// gradients), vs PyTorch goldens, on folded grids, and with gamma and beta as views of one
// flat parameter buffer (as the trainer lays them out).
import { describe, expect, it } from 'vitest';
import { gpuBackend } from './test-backend';
import { createCpuBackend } from '../cpu/backend';
import { closeness, opCasesFor, toFloat32 } from '../../testdata/goldens';
import { Rng } from '../random';
import { sizeOf, type Shape } from '../shape';
import type { Tensor } from '../tensor';
import type { WebGpuBackend } from './backend';

const cpu = createCpuBackend('f32');
const rng = new Rng(17);
const random = (shape: Shape, lo = -2, hi = 2) => Float32Array.from({ length: sizeOf(shape) }, () => rng.range(lo, hi));

function pair(b: WebGpuBackend, data: Float32Array, shape: Shape): [Tensor, Tensor] {
  return [b.upload(data, shape), cpu.upload(data, shape)];
}

async function expectClose(g: Tensor, c: Tensor, what: string, rtol = 1e-4, atol = 1e-4): Promise<void> {
  expect(g.shape, what).toEqual(c.shape);
  const worst = closeness(await g.read(), cpu.readSync(c), rtol, atol);
  expect(worst, what).toBeLessThanOrEqual(1);
}

/** Forward and backward of one shape on both backends, every output compared. */
async function compare(b: WebGpuBackend, shape: Shape, groups: number): Promise<void> {
  const C = shape[shape.length - 1];
  const [x, xc] = pair(b, random(shape, -1, 3), shape);
  const [gm, gmc] = pair(b, random([C], 0.5, 1.5), [C]);
  const [bt, btc] = pair(b, random([C]), [C]);
  const g = b.groupNorm(x, gm, bt, groups, 1e-5);
  const c = cpu.groupNorm(xc, gmc, btc, groups, 1e-5);
  await expectClose(g.y, c.y, 'y');
  await expectClose(g.mean, c.mean, 'mean');
  await expectClose(g.invStd, c.invStd, 'invStd', 1e-4, 1e-3);
  const [dy, dyc] = pair(b, random(shape), shape);
  const gg = b.groupNormGrad(x, dy, gm, groups, g);
  const cg = cpu.groupNormGrad(xc, dyc, gmc, groups, c);
  await expectClose(gg.dx, cg.dx, 'dx');
  await expectClose(gg.dgamma, cg.dgamma, 'dgamma');
  await expectClose(gg.dbeta, cg.dbeta, 'dbeta');
}

describe('WebGPU group norm vs CPU', () => {
  // [shape, groups]: single elements, odd sizes, one group per channel, groups longer than
  // a workgroup (65 and 2400 elements), many rows for the column sums (1600 rows: two
  // chunks), [N, C] vectors.
  const cases: [Shape, number][] = [
    [[1, 1, 1, 1], 1], [[3, 5, 7, 6], 3], [[2, 17, 3, 4], 2], [[1, 3, 1, 17], 17], [[1, 65, 1, 3], 3],
    [[2, 40, 20, 3], 1], [[65, 9], 3], [[3, 129], 1], [[17, 4], 4],
  ];
  for (const [shape, groups] of cases) {
    it(`[${shape}] in ${groups} groups: forward, statistics, backward`, async () => compare(await gpuBackend(), shape, groups));
  }
});

describe('WebGPU group norm vs PyTorch', () => {
  for (const c of opCasesFor('groupNorm')) {
    it(c.name, async () => {
      const b = await gpuBackend();
      const up = (name: string) => b.upload(toFloat32(c.inputs[name]), c.inputs[name].shape);
      const x = up('x');
      const gamma = up('gamma');
      const groups = c.attrs.groups!;
      const fwd = b.groupNorm(x, gamma, up('beta'), groups, c.attrs.eps!);
      expect(closeness(await fwd.y.read(), c.outputs.y.data, 1e-5, 1e-5)).toBeLessThanOrEqual(1);
      const g = b.groupNormGrad(x, b.upload(toFloat32(c.upstream.y), c.upstream.y.shape), gamma, groups, fwd);
      expect(closeness(await g.dx.read(), c.grads.x.data, 1e-4, 1e-5), 'dx').toBeLessThanOrEqual(1);
      expect(closeness(await g.dgamma.read(), c.grads.gamma.data, 1e-4, 1e-5), 'dgamma').toBeLessThanOrEqual(1);
      expect(closeness(await g.dbeta.read(), c.grads.beta.data, 1e-4, 1e-5), 'dbeta').toBeLessThanOrEqual(1);
    });
  }
});

describe('WebGPU group norm in the trainer\'s layout', () => {
  it('gamma and beta as views of one flat buffer', async () => {
    const b = await gpuBackend();
    const { views } = b.allocFlat([[6], [6]]);
    const [gamma, beta] = views;
    const g0 = random([6], 0.5, 1.5);
    const b0 = random([6]);
    b.write(gamma, g0);
    b.write(beta, b0);
    const shape = [2, 3, 3, 6];
    const [x, xc] = pair(b, random(shape), shape);
    const fwd = b.groupNorm(x, gamma, beta, 2, 1e-5);
    const ref = cpu.groupNorm(xc, cpu.upload(g0, [6]), cpu.upload(b0, [6]), 2, 1e-5);
    await expectClose(fwd.y, ref.y, 'y');
    const [dy, dyc] = pair(b, random(shape), shape);
    await expectClose(b.groupNormGrad(x, dy, gamma, 2, fwd).dgamma, cpu.groupNormGrad(xc, dyc, cpu.upload(g0, [6]), 2, ref).dgamma, 'dgamma');
  });

  it('agrees with the CPU on folded grids (more rows than one grid dimension allows)', async () => {
    // NOTE: as norm.gpu.test.ts, the per-dimension limit is lowered instead of launching
    // 65536+ workgroups on SwiftShader.
    const b = await gpuBackend();
    const limits = b.rt.limits;
    const saved = limits.maxComputeWorkgroupsPerDimension;
    limits.maxComputeWorkgroupsPerDimension = 16;
    try {
      await compare(b, [40, 2, 2, 6], 3);
    } finally {
      limits.maxComputeWorkgroupsPerDimension = saved;
    }
  });
});
