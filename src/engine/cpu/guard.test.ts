import { describe, expect, it } from 'vitest';
import { createCpuBackend } from './backend';
import { FINITE_EXTREMES, NAN_LOSS_SEQUENCE, RECORDED, rulesThatMoveAtZeroScale, runGuard, runRecord } from '../guard-cases';

const cpu = createCpuBackend('f32');

describe('the step guard on the CPU', () => {
  it('passes finite steps through: scale 1 (or the clip factor), nothing restored, not flagged', async () => {
    const calls = FINITE_EXTREMES.map((v, i) => ({ loss: v, sumSq: Math.abs(v), stream: i, clip: i % 2 ? 0.5 : undefined }));
    const r = await runGuard(cpu, calls, 3);
    r.forEach((x, i) => {
      expect(x.flag).toEqual({ flagged: false, step: 0 });
      expect(x.scale).toBe(i % 2 ? 0.5 : 1);
    });
    expect(r[0].live).not.toEqual(r[1].live); // the "forward pass" changes stay
  });

  for (const bad of [NaN, Infinity, -Infinity]) {
    it(`flags a loss or Σg² of ${bad} with its 1-based step, zeroes the scale, restores, and stays flagged`, async () => {
      const seq = NAN_LOSS_SEQUENCE.map((c, i) => (i === 1 ? { ...c, loss: bad } : c));
      const viaLoss = await runGuard(cpu, seq, 5);
      const viaGrad = await runGuard(cpu, seq.map((c, i) => (i === 1 ? { ...c, loss: 0.7, sumSq: bad } : c)), 5);
      for (const r of [viaLoss, viaGrad]) {
        expect(r.map((x) => x.flag)).toEqual([{ flagged: false, step: 0 }, { flagged: true, step: 5 }, { flagged: true, step: 5 }]);
        expect(r.map((x) => x.scale)).toEqual([1, 0, 0]);
        // Flagged steps put the state back as it was at their start.
        expect(r[1].live).toEqual(r[0].live);
        expect(r[2].live).toEqual(r[0].live);
      }
    });
  }

  it('records each step\'s loss in its slot while the step is below the record\'s size', async () => {
    expect(await runRecord(cpu)).toEqual(RECORDED);
  });

  it('makes every optimizer rule change nothing at gradScale 0 (no decay, no state)', async () => {
    expect(await rulesThatMoveAtZeroScale(cpu)).toEqual([]);
  });

  it('checks its arguments', () => {
    const one = cpu.zeros([1]);
    expect(() => cpu.guardStep(cpu.zeros([2]), one, cpu.zeros([2]), 0)).toThrow(/one value each/);
    expect(() => cpu.guardStep(one, one, cpu.zeros([3]), 0)).toThrow(/2 words/);
    expect(() => createCpuBackend('f64').guardStep(one, one, createCpuBackend('f64').zeros([2]), 0)).toThrow();
  });
});
