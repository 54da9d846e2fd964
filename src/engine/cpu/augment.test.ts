// The CPU augment kernel: determinism, streams, each transform's effect, argument checks.
// (Equality with the reference in src/data/augment.ts is checked in
// src/train/augment-step.test.ts: the engine may not import src/data.)
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from './backend';
import { augmentImages } from '../ops/augment';
import { Rng } from '../random';

const cpu = createCpuBackend('f32');
const rng = new Rng(7);
const N = 6, H = 5, W = 4, C = 2;
const data = Float32Array.from({ length: N * H * W * C }, () => rng.range(-1, 1));
const x = cpu.upload(data, [N, H, W, C]);
const all = { shift: 2, flip: true, noise: 0.2 };
const run = (opts: typeof all, seed: number, stream: number) => Array.from(cpu.readSync(cpu.augmentImages(x, opts, seed, stream)));

describe('CPU augmentImages', () => {
  it('is deterministic for (seed, stream) and changes with either', () => {
    const a = run(all, 3, 10);
    expect(run(all, 3, 10)).toEqual(a);
    expect(run(all, 3, 11)).not.toEqual(a);
    expect(run(all, 4, 10)).not.toEqual(a);
  });

  it('reads the stream from a UniformBlock at call time', () => {
    const block = cpu.createUniforms(4);
    block.u32[1] = 10;
    const a = Array.from(cpu.readSync(cpu.augmentImages(x, all, 3, { block, index: 1 })));
    expect(a).toEqual(run(all, 3, 10));
    block.u32[1] = 11;
    expect(Array.from(cpu.readSync(cpu.augmentImages(x, all, 3, { block, index: 1 })))).toEqual(run(all, 3, 11));
  });

  it('shift and flip only move pixels (or zero them); noise keeps its std', () => {
    const moved = run({ shift: 1, flip: true, noise: 0 }, 1, 2);
    const values = new Set(Array.from(data));
    expect(moved.every((v) => v === 0 || values.has(v))).toBe(true);
    const zeros = cpu.zeros([8, 16, 16, 1]);
    const noisy = cpu.f(cpu.augmentImages(zeros, { shift: 0, flip: false, noise: 0.5 }, 5, 9));
    const std = Math.sqrt(Array.from(noisy).reduce((s, v) => s + v * v, 0) / noisy.length);
    expect(std).toBeGreaterThan(0.47);
    expect(std).toBeLessThan(0.53);
  });

  it('the op passes x through when every transform is off, and checks its input', () => {
    expect(augmentImages(x, { shift: 0, flip: false, noise: 0 }, 1, 1)).toBe(x);
    expect(() => augmentImages(cpu.zeros([4, 3]), all, 1, 1)).toThrow(/\[N, H, W, C\]/);
    expect(() => augmentImages(x, { ...all, noise: -1 }, 1, 1)).toThrow(/noise/);
  });
});
