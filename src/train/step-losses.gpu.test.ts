import { describe, expect, it } from 'vitest';
import { gpuBackend } from '../engine/webgpu/test-backend';
import { createCpuBackend } from '../engine/cpu/backend';
import { runWithStepLosses } from './step-losses-cases';

describe('the first 100 steps\' losses on WebGPU (Dawn)', () => {
  it('are recorded by the step itself and read once: each is that step\'s loss, and the CPU\'s', async () => {
    const b = await gpuBackend();
    const run = await runWithStepLosses(b, 25, 8); // 100 steps, 4 an epoch
    expect(run.calls).toHaveLength(1);
    const [losses] = run.calls;
    expect(losses.map((l) => l.step)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    // Each metric window's loss (reads every 8 steps and at each epoch's end) is the mean
    // of its steps' recorded losses.
    let from = 0;
    for (const p of run.progress.filter((q) => q.step <= 100)) {
      const window = losses.slice(from, p.step);
      const mean = window.reduce((a, l) => a + l.loss, 0) / window.length;
      expect(Math.abs(p.trainLoss - mean), `steps ${from + 1}..${p.step}`).toBeLessThan(1e-6);
      from = p.step;
    }
    expect(from).toBe(100);
    const cpu = await runWithStepLosses(createCpuBackend('f32'), 25, 8);
    losses.forEach((l, i) => expect(Math.abs(l.loss - cpu.calls[0][i].loss), `step ${l.step}`).toBeLessThan(1e-4));
  });

  it('cost no readback, submit or dispatch per step', async () => {
    const b = await gpuBackend();
    const strip = (r: Awaited<ReturnType<typeof runWithStepLosses>>) => r.progress.map((p) => [p.step, p.dispatchesPerStep, p.submitsPerStep, p.readbacksPerStep]);
    const without = await runWithStepLosses(b, 26, 8, false);
    const withLosses = await runWithStepLosses(b, 26, 8);
    expect(strip(withLosses)).toEqual(strip(without));
  });
});
