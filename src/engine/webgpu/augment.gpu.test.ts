// WebGPU image augmentation vs the CPU kernel (itself equal to the reference of
// src/data/augment.ts): identical shifts and flips, noise to float rounding; the stream is
// re-read by a replayed step plan, so each replay augments differently.
import { describe, expect, it } from 'vitest';
import { gpuBackend } from './test-backend';
import { createCpuBackend } from '../cpu/backend';
import { Rng } from '../random';
import type { ImageAugmentOptions } from '../kernels/augment';

const cpu = createCpuBackend('f32');
const rng = new Rng(11);

function images(shape: number[]): Float32Array {
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.range(-2, 2));
}

describe('WebGPU augmentImages vs CPU', () => {
  // Odd sizes, several channels, a shift as large as the image, all transforms together.
  const cases: { shape: number[]; opts: ImageAugmentOptions }[] = [
    { shape: [7, 5, 3, 2], opts: { shift: 1, flip: true, noise: 0 } },
    { shape: [17, 6, 9, 1], opts: { shift: 8, flip: false, noise: 0 } },
    { shape: [5, 28, 28, 1], opts: { shift: 2, flip: true, noise: 0.3 } },
    { shape: [3, 4, 4, 3], opts: { shift: 0, flip: false, noise: 1 } },
  ];
  for (const { shape, opts } of cases) {
    it(`[${shape}] ${JSON.stringify(opts)}`, async () => {
      const b = await gpuBackend();
      const data = images(shape);
      const x = b.upload(data, shape);
      const xc = cpu.upload(data, shape);
      for (const [seed, step] of [[3, 0], [1234, 77], [0xfffffffe, 4000000000]]) {
        const g = await b.augmentImages(x, opts, seed, step).read();
        const c = cpu.readSync(cpu.augmentImages(xc, opts, seed, step));
        if (opts.noise === 0) {
          expect(Array.from(g)).toEqual(Array.from(c));
        } else {
          let worst = 0;
          for (let i = 0; i < c.length; i++) worst = Math.max(worst, Math.abs(g[i] - c[i]));
          expect(worst).toBeLessThan(4e-6 * Math.max(1, opts.noise * 6));
        }
      }
    });
  }

  it('noise stays finite and has the asked std for every draw (no log/cos trouble)', async () => {
    const b = await gpuBackend();
    const n = 64 * 1024;
    const g = await b.augmentImages(b.zeros([16, 64, 64, 1]), { shift: 0, flip: false, noise: 1 }, 5, 6).read();
    const c = cpu.readSync(cpu.augmentImages(cpu.zeros([16, 64, 64, 1]), { shift: 0, flip: false, noise: 1 }, 5, 6));
    let worst = 0;
    let sq = 0;
    let nonFinite = 0;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(g[i])) nonFinite++;
      worst = Math.max(worst, Math.abs(g[i] - c[i]));
      sq += g[i] * g[i];
    }
    expect(nonFinite).toBe(0);
    expect(worst).toBeLessThan(2e-6);
    expect(Math.sqrt(sq / n)).toBeCloseTo(1, 1);
  });

  it('a replayed step plan reads the stream from the uniform block: new draws per step', async () => {
    const b = await gpuBackend();
    const shape = [6, 5, 5, 1];
    const data = images(shape);
    const x = b.upload(data, shape);
    const xc = cpu.upload(data, shape);
    const opts = { shift: 2, flip: true, noise: 0 };
    const block = b.createUniforms(6);
    block.u32[5] = 10;
    block.sync();
    b.rt.beginPlan();
    const y = b.augmentImages(x, opts, 9, { block, index: 5 });
    const plan = b.rt.endPlan();
    const first = Array.from(await y.read());
    expect(first).toEqual(Array.from(cpu.readSync(cpu.augmentImages(xc, opts, 9, 10))));
    block.u32[5] = 11;
    block.sync();
    plan.replay();
    const second = Array.from(await y.read());
    expect(second).not.toEqual(first);
    expect(second).toEqual(Array.from(cpu.readSync(cpu.augmentImages(xc, opts, 9, 11))));
    plan.dispose();
  });
});
