// Backend.compile on WebGPU: trace on the first call, replay with one submit after; reads
// asked for ride along in the step's own submit; a body that throws leaves no plan behind.
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../cpu/backend';
import type { Backend } from '../backend';
import { tidy } from '../tensor';
import { gpuBackend } from './test-backend';

/** A step that adds row `order[offset]` of a [7, 3] table to an accumulator; offset is a uniform. */
function accumulatingStep(b: Backend) {
  const table = b.upload(Array.from({ length: 21 }, (_, i) => i * 0.5 - 3), [7, 3]);
  const order = b.upload([4, 0, 6, 2, 5, 1, 3], [7], 'u32');
  const acc = b.zeros([1, 3]);
  const block = b.createUniforms(4);
  const step = b.compile(() => tidy(() => b.addInPlace(acc, b.gatherRows(table, order, { block, index: 0 }, 1))));
  const run = (i: number) => {
    block.u32[0] = i;
    block.sync();
    return step(acc);
  };
  return { run, step, dispose: () => [table, order, acc].forEach((t) => t.dispose()) };
}

describe('Backend.compile on WebGPU (Dawn)', () => {
  it('replays with one submit per step and reads each step\'s result without a stall', async () => {
    const b = await gpuBackend();
    const gpu = accumulatingStep(b);
    const cpu = accumulatingStep(createCpuBackend('f32'));
    const reads: Promise<ArrayLike<number>>[] = [];
    let before = b.counters();
    for (let i = 0; i < 7; i++) {
      if (i === 2) before = b.counters(); // after the trace and one replay
      reads.push(gpu.run(i)!);
    }
    const after = b.counters();
    expect(after.submits - before.submits).toBe(5);
    expect(after.readbacks - before.readbacks).toBe(5);
    const expected = await Promise.all(Array.from({ length: 7 }, (_, i) => cpu.run(i)!));
    const got = await Promise.all(reads);
    got.forEach((v, i) => expect(Array.from(v), `step ${i + 1}`).toEqual(Array.from(expected[i])));
    const times = await gpu.step.kernelTimes();
    expect(Object.keys(times ?? {}).map((k) => k.split(' ')[0]).sort()).toEqual(['addInPlace', 'gather']);
    gpu.step.dispose();
    expect(() => gpu.run(0)).toThrow(/disposed/);
    gpu.dispose();
    cpu.dispose();
  });

  it('times the next run of a step dispatch by dispatch, and that run computes what an untimed one does', async () => {
    const b = await gpuBackend();
    const timed = accumulatingStep(b);
    const plain = accumulatingStep(b);
    const armedBeforeTrace = timed.step.timeNextRun(); // armed before the first call: the trace is not timed, the first replay is
    for (let i = 0; i < 7; i++) {
      const times = i === 3 ? timed.step.timeNextRun() : null;
      const [a, p] = await Promise.all([timed.run(i)!, plain.run(i)!]);
      expect(Array.from(a), `step ${i + 1}`).toEqual(Array.from(p));
      if (times) {
        const t = (await times)!;
        // One entry per dispatch of the step, named by kernel and grid.
        expect(Object.keys(t).map((k) => k.split(' ')[0]).sort()).toEqual(['addInPlace', 'gather']);
        expect(Object.values(t).every((ms) => ms >= 0 && Number.isFinite(ms))).toBe(true);
      }
    }
    expect(Object.keys((await armedBeforeTrace) ?? {})).toHaveLength(2);
    // Disposing settles a pending request with null rather than leaving it hanging.
    const pending = timed.step.timeNextRun();
    timed.step.dispose();
    expect(await pending).toBeNull();
    plain.step.dispose();
    timed.dispose();
    plain.dispose();
  });

  it('drops a half-recorded step whose body threw and traces again on the next call', async () => {
    const b = await gpuBackend();
    const out = b.zeros([4]);
    let fail = true;
    const step = b.compile(() => {
      b.copy(b.fill([4], 3), out);
      if (fail) throw new Error('shape mismatch');
    });
    expect(() => step()).toThrow('shape mismatch');
    fail = false;
    const before = b.counters();
    step();
    step();
    expect(b.counters().submits - before.submits).toBe(2);
    expect(Array.from(await b.read(out))).toEqual([3, 3, 3, 3]);
    step.dispose();
    out.dispose();
  });

  it('profiles the work of a function per kernel family', async () => {
    const b = await gpuBackend();
    // Big enough to take measurable time: a tiny fill can read 0 ms on SwiftShader's coarse timestamps.
    const totals = await b.profile(() => tidy(() => { for (let i = 0; i < 8; i++) b.fill([1 << 22], 1); }));
    expect(totals).not.toBeNull();
    expect(totals!.get('fill')).toBeGreaterThan(0);
  });
});
