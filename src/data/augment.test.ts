import { describe, expect, it } from 'vitest';
import { hashUniform } from '../engine/random';
import { AUGMENT_PURPOSE, augmentBatch, augmentStream } from './augment';

// Three rows of a 3x3x1 image numbered 1..9, so every moved pixel is recognisable.
const H = 3, W = 3, ROWS = 16;
const batch = Float32Array.from({ length: ROWS * 9 }, (_, i) => (i % 9) + 1);
const off = { shift: 0, flip: false, noise: 0 };
const draw = (seed: number, step: number, purpose: number, row: number) => hashUniform(seed, augmentStream(step, purpose), row);

describe('augmentation (CPU reference)', () => {
  it('is deterministic for (seed, step) and changes with them', () => {
    const opts = { shift: 1, flip: true, noise: 0.1 };
    const a = augmentBatch(batch, [H, W, 1], opts, 3, 10);
    expect(augmentBatch(batch, [H, W, 1], opts, 3, 10)).toEqual(a);
    expect(augmentBatch(batch, [H, W, 1], opts, 3, 11)).not.toEqual(a);
    expect(augmentBatch(batch, [H, W, 1], opts, 4, 10)).not.toEqual(a);
  });

  it('does nothing when every transform is off', () => {
    expect(augmentBatch(batch, [H, W, 1], off, 1, 1)).toEqual(batch);
  });

  it('shifts by the documented draw, filling with zeros', () => {
    const seed = 9, step = 2, shift = 1;
    const out = augmentBatch(batch, [H, W, 1], { ...off, shift }, seed, step);
    const seen = new Set<string>();
    for (let row = 0; row < ROWS; row++) {
      const dy = Math.floor(draw(seed, step, AUGMENT_PURPOSE.SHIFT_Y, row) * 3) - 1;
      const dx = Math.floor(draw(seed, step, AUGMENT_PURPOSE.SHIFT_X, row) * 3) - 1;
      seen.add(`${dy},${dx}`);
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const sy = y - dy, sx = x - dx;
          const expected = sy >= 0 && sy < H && sx >= 0 && sx < W ? sy * W + sx + 1 : 0;
          expect(out[row * 9 + y * W + x]).toBe(expected);
        }
      }
    }
    expect(seen.size).toBeGreaterThan(3); // several different shifts occurred
  });

  it('flips about half the images horizontally', () => {
    const out = augmentBatch(batch, [H, W, 1], { ...off, flip: true }, 5, 0);
    let flipped = 0;
    for (let row = 0; row < ROWS; row++) {
      const image = Array.from(out.subarray(row * 9, row * 9 + 9));
      const isFlipped = draw(5, 0, AUGMENT_PURPOSE.FLIP, row) < 0.5;
      expect(image).toEqual(isFlipped ? [3, 2, 1, 6, 5, 4, 9, 8, 7] : [1, 2, 3, 4, 5, 6, 7, 8, 9]);
      if (isFlipped) flipped++;
    }
    expect(flipped).toBeGreaterThan(2);
    expect(flipped).toBeLessThan(14);
  });

  it('flips channels together (NHWC)', () => {
    const rgb = Float32Array.from([1, 2, 3, 4, 5, 6]); // one image of 1x2 pixels, 3 channels
    for (let step = 0; step < 8; step++) {
      const out = Array.from(augmentBatch(rgb, [1, 2, 3], { ...off, flip: true }, 1, step));
      expect([[1, 2, 3, 4, 5, 6], [4, 5, 6, 1, 2, 3]]).toContainEqual(out);
    }
  });

  it('adds gaussian noise with the asked std', () => {
    const zeros = new Float32Array(8 * 32 * 32);
    const out = augmentBatch(zeros, [32, 32, 1], { ...off, noise: 0.1 }, 11, 3);
    const mean = out.reduce((s, v) => s + v, 0) / out.length;
    const std = Math.sqrt(out.reduce((s, v) => s + (v - mean) ** 2, 0) / out.length);
    expect(Math.abs(mean)).toBeLessThan(0.005);
    expect(std).toBeGreaterThan(0.095);
    expect(std).toBeLessThan(0.105);
    expect(out.every(Number.isFinite)).toBe(true);
    const u1 = 1 - draw(11, 3, AUGMENT_PURPOSE.NOISE_RADIUS, 5);
    const u2 = draw(11, 3, AUGMENT_PURPOSE.NOISE_ANGLE, 5);
    expect(out[5]).toBeCloseTo(0.1 * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2), 6);
  });
});
