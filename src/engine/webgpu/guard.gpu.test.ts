// The step guard on WebGPU vs the CPU reference: finite extremes pass, NaN/±Inf in the loss
// or Σg² flag the exact step (sticky), the scale becomes exactly 0, the restore copies odd
// sizes; and every optimizer rule returns early at gradScale 0.
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../cpu/backend';
import { FINITE_EXTREMES, NAN_LOSS_SEQUENCE, rulesThatMoveAtZeroScale, RECORDED, runGuard, runRecord, type GuardCall } from '../guard-cases';
import { gpuBackend } from './test-backend';

const cpu = createCpuBackend('f32');

describe('the step guard on WebGPU vs CPU', () => {
  const sequences: [string, GuardCall[]][] = [
    ['finite extremes', FINITE_EXTREMES.map((v, i) => ({ loss: v, sumSq: Math.abs(v), stream: 7 * i, clip: i % 2 ? 0.5 : undefined }))],
    ['a NaN loss', NAN_LOSS_SEQUENCE],
    ['an Inf loss', NAN_LOSS_SEQUENCE.map((c, i) => (i === 1 ? { ...c, loss: Infinity } : c))],
    ['Σg² = -Inf', NAN_LOSS_SEQUENCE.map((c, i) => (i === 1 ? { ...c, loss: 1, sumSq: -Infinity } : c))],
    ['Σg² = NaN at the first step', [{ loss: 1, sumSq: NaN, stream: 0 }, { loss: 1, sumSq: 1, stream: 1 }]],
  ];
  for (const size of [1, 3, 17, 65, 129]) {
    for (const [name, calls] of sequences) {
      it(`${name}, restoring ${size} values`, async () => {
        const [g, c] = [await runGuard(await gpuBackend(), calls, size), await runGuard(cpu, calls, size)];
        expect(g).toEqual(c);
      });
    }
  }

  it('restores nothing without a restore pair (size 0) and still flags', async () => {
    const [g, c] = [await runGuard(await gpuBackend(), NAN_LOSS_SEQUENCE, 0), await runGuard(cpu, NAN_LOSS_SEQUENCE, 0)];
    expect(g).toEqual(c);
    expect(g[2].flag).toEqual({ flagged: true, step: 5 });
  });

  it('records each step\'s loss in its slot as the CPU does', async () => {
    expect(await runRecord(await gpuBackend())).toEqual(RECORDED);
  });

  it('makes every optimizer rule change nothing at gradScale 0 (no decay, no state)', async () => {
    expect(await rulesThatMoveAtZeroScale(await gpuBackend())).toEqual([]);
  });
});
