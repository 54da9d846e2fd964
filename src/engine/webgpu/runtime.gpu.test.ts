import { describe, expect, it } from 'vitest';
import { gpuBackend } from './test-backend';
import { tidy, type Tensor } from '../tensor';
import { backward, param } from '../tape';
import { createCpuBackend } from '../cpu/backend';
import { dense } from '../ops/matmul';
import { softmaxCrossEntropy } from '../ops/loss';
import { dropout, gatherRows } from '../ops/norm';
import type { Backend, UniformBlock } from '../backend';
import { Rng } from '../random';
import { LIMIT_NAMES } from './device';

describe('WebGPU runtime on a real device (Dawn)', () => {
  it('gets a device with every limit the adapter offers, and reports them', async () => {
    const b = await gpuBackend();
    const adapter = b.ctx.adapter.limits as unknown as Record<string, number>;
    const device = b.ctx.device.limits as unknown as Record<string, number>;
    for (const name of LIMIT_NAMES) {
      // The device must get the adapter's best value (not the spec's defaults; alignments
      // are minimums and keep their defaults), and the validator sees what the device has.
      if (!name.startsWith('min')) expect(device[name], name).toBe(adapter[name]);
      expect(b.ctx.info.limits[name], name).toBe(device[name]);
    }
    // Above WebGPU's default limits wherever this adapter allows more (SwiftShader does).
    if (adapter.maxStorageBufferBindingSize > 128 * 2 ** 20) expect(device.maxStorageBufferBindingSize).toBeGreaterThan(128 * 2 ** 20);
    expect(b.ctx.info.features).toContain('timestamp-query');
  });

  it('runs the fill kernel and reads the result back', async () => {
    const b = await gpuBackend();
    const t = b.fill([3, 5], 2.5);
    expect(Array.from(await b.read(t))).toEqual(new Array(15).fill(2.5));
    const u = b.fill([7], 42, 'u32' as never);
    t.dispose();
    u.dispose();
  });

  it('uploads, copies and views flat buffers at aligned offsets', async () => {
    const b = await gpuBackend();
    const { flat, views } = b.allocFlat([[3], [2, 2]]);
    b.copy(b.upload([1, 2, 3], [3]), views[0]);
    b.copy(b.upload([4, 5, 6, 7], [4]), views[1]);
    expect(Array.from(await b.read(views[1]))).toEqual([4, 5, 6, 7]);
    const all = await b.read(flat);
    expect(Array.from(all.slice(0, 3))).toEqual([1, 2, 3]);
    expect(all[64]).toBe(4); // second slot starts 256 bytes in
  });

  it('records a step plan and replays it with one submit each', async () => {
    const b = await gpuBackend();
    const out = b.zeros([4]);
    b.rt.beginPlan();
    b.copy(b.fill([4], 3), out);
    const plan = b.rt.endPlan();
    const before = b.counters();
    for (let i = 0; i < 3; i++) plan.replay();
    const after = b.counters();
    expect(after.submits - before.submits).toBe(3);
    expect(after.dispatches - before.dispatches).toBe(3 * plan.dispatchCount);
    expect(Array.from(await b.read(out))).toEqual([3, 3, 3, 3]);
    plan.dispose();
  });

  it('a replayed step packs no parameters and creates no uniform buffers; eager repeats reuse them', async () => {
    const b = await gpuBackend();
    const w = param(b.upload([0.5, -1, 0.25, 2, -0.5, 1], [3, 2]));
    const x = b.upload([1, 2, 3, -1, 0, 4, 2, 2, 2, 0.5, -3, 1, 7, 0, -2], [5, 3]);
    const labels = b.upload([0, 1, 1, 0, 1], [5], 'u32');
    const stream = b.createUniforms(4);
    const step = () =>
      tidy(() => {
        const h = dropout(dense(x, w, null, 'relu'), 0.5, 3, { block: stream, index: 0 }, true);
        const loss = softmaxCrossEntropy(h, labels);
        b.addInPlace(w, backward(loss).get(w)!, -0.1);
      });
    step(); // every pipeline and parameter buffer exists now
    const eager = { ...b.rt.paramStats };
    step();
    expect(b.rt.paramStats.packs).toBeGreaterThan(eager.packs);
    expect(b.rt.paramStats.buffers).toBe(eager.buffers);
    b.rt.beginPlan();
    step();
    const plan = b.rt.endPlan();
    const recorded = { ...b.rt.paramStats };
    for (let i = 1; i <= 5; i++) {
      stream.u32[0] = i;
      stream.sync();
      plan.replay();
    }
    await b.sync();
    expect(b.rt.paramStats).toEqual(recorded);
    plan.dispose();
  });

  it('a replayed plan computes what eager ops compute, with new inputs and uniforms every step', async () => {
    const b = await gpuBackend();
    const cpu = createCpuBackend('f32');
    const rng = new Rng(9);
    const rows = 41, features = 5, units = 7, batch = 8;
    const values = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
    const order = Uint32Array.from({ length: rows }, (_, i) => (i * 17) % rows);
    const data = values(rows * features);
    const bias = values(units);
    // The step: gather a batch at a uniform offset, dense + tanh, dropout on a uniform
    // stream, copy to a fixed output buffer.
    const step = (be: Backend, t: { data: Tensor; order: Tensor; w: Tensor; bias: Tensor; out: Tensor; block: UniformBlock }) =>
      tidy(() => {
        const xb = gatherRows(t.data, t.order, { block: t.block, index: 0 }, batch);
        const h = dropout(dense(xb, t.w, t.bias, 'tanh'), 0.3, 1234, { block: t.block, index: 1 }, true);
        be.copy(h, t.out);
      });
    const setUp = (be: Backend) => ({
      data: be.upload(data, [rows, features]),
      order: be.upload(order, [rows], 'u32'),
      w: be.upload(values(features * units), [features, units]),
      bias: be.upload(bias, [units]),
      out: be.zeros([batch, units]),
      block: be.createUniforms(4),
    });
    const traced = setUp(b);
    const eager = setUp(b);
    const reference = setUp(cpu);
    const setStep = (t: ReturnType<typeof setUp>, be: Backend, k: number, w: Float32Array) => {
      t.block.u32[0] = (k * 5) % (rows - batch); // a new batch offset every step
      t.block.u32[1] = 100 + k; // a new dropout stream every step
      t.block.sync();
      be.write(t.w, w); // new weights every step, written between replays
    };
    const w0 = values(features * units);
    setStep(traced, b, 0, w0);
    b.rt.beginPlan();
    step(b, traced);
    const plan = b.rt.endPlan();
    for (let k = 1; k <= 4; k++) {
      const w = values(features * units);
      setStep(traced, b, k, w);
      plan.replay();
      setStep(eager, b, k, w);
      step(b, eager);
      setStep(reference, cpu, k, w);
      step(cpu, reference);
      const got = await b.read(traced.out);
      // Same kernels on the same device: bit for bit; against the CPU reference: close.
      expect(Array.from(got), `step ${k}`).toEqual(Array.from(await b.read(eager.out)));
      const want = await cpu.read(reference.out);
      got.forEach((v, i) => expect(Math.abs(v - want[i]), `step ${k} [${i}]`).toBeLessThan(1e-5));
      // Dropout really changed with the stream: some outputs are zero, not always the same ones.
      expect(got.some((v) => v === 0)).toBe(true);
    }
    plan.dispose();
  });

  it('tidy keeps live buffers flat over many iterations', async () => {
    const b = await gpuBackend();
    tidy(() => void b.fill([100], 1));
    const start = b.memory().liveBuffers;
    for (let i = 0; i < 200; i++) tidy(() => void b.fill([100], i));
    expect(b.memory().liveBuffers).toBe(start);
  });

  it('times dispatches per kernel family with timestamp queries', async () => {
    const b = await gpuBackend();
    expect(b.rt.startProfile()).toBe(true);
    tidy(() => void b.fill([1 << 16], 1));
    b.flush();
    const totals = await b.rt.stopProfile();
    expect(totals.get('fill')).toBeGreaterThan(0);
  });
});
