import { describe, expect, it } from 'vitest';
import { gpuBackend } from './test-backend';
import { tidy } from '../tensor';
import { backward, param } from '../tape';
import { dense } from '../ops/matmul';
import { softmaxCrossEntropy } from '../ops/loss';
import { dropout } from '../ops/norm';

describe('WebGPU runtime on a real device (Dawn)', () => {
  it('gets an adapter and reports its limits', async () => {
    const b = await gpuBackend();
    expect(b.ctx.info.limits.maxStorageBufferBindingSize).toBeGreaterThan(0);
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
