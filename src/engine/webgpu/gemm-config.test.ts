import { describe, expect, it } from 'vitest';
import { chooseGemmVariant, chooseSplits, chooseTile, type GemmProblem } from './gemm-config';
import { registerBlock } from './gemm-source';

const p = (M: number, N: number, K: number, extra: Partial<GemmProblem> = {}): GemmProblem => ({
  M,
  N,
  K,
  batch: 1,
  transA: false,
  transB: false,
  ...extra,
});
const limits = { maxComputeInvocationsPerWorkgroup: 256, maxComputeWorkgroupStorageSize: 16384 };
const size = (t: { TX: number; TY: number; RM: number; RN: number }) => [t.TY * t.RM, t.TX * t.RN];

describe('GEMM tile choice', () => {
  it('uses 128×128 tiles with 8×8 registers for big outputs on a GPU', () => {
    expect(size(chooseTile(p(2048, 2048, 2048), limits))).toEqual([128, 128]);
  });

  it('shrinks tiles for skinny MLP shapes, keeping at least 64 threads', () => {
    for (const [M, N] of [
      [64, 512],
      [64, 10],
      [1, 1],
      [3, 1000],
    ]) {
      const t = chooseTile(p(M, N, 784), limits);
      expect(t.TX * t.TY).toBeGreaterThanOrEqual(64);
      expect(size(t)[0]).toBeLessThanOrEqual(64);
    }
    expect(size(chooseTile(p(64, 512, 784), limits))).toEqual([32, 32]);
    expect(size(chooseTile(p(3, 1000, 8), limits))).toEqual([16, 64]);
  });

  it('prefers fewer, bigger workgroups on a software adapter', () => {
    expect(chooseTile(p(256, 256, 256), limits, true)).toEqual({ TX: 8, TY: 8, RM: 8, RN: 8 });
  });

  it('respects the adapter limits: threads and workgroup memory', () => {
    const small = { maxComputeInvocationsPerWorkgroup: 64, maxComputeWorkgroupStorageSize: 4096 };
    const v = chooseGemmVariant(p(4096, 4096, 4096), small);
    expect(v.TX * v.TY).toBeLessThanOrEqual(64);
    expect(v.BK * (v.TY * v.RM + v.TX * v.RN) * 4).toBeLessThanOrEqual(4096);
    expect(v.BK % 4).toBe(0);
  });

  it('reads an operand as vec4 only when its stored rows are a multiple of 4 long', () => {
    expect(chooseGemmVariant(p(6, 8, 12), limits)).toMatchObject({ vecA: true, vecB: true, vecC: true });
    expect(chooseGemmVariant(p(6, 10, 12, { transA: true }), limits)).toMatchObject({ vecA: false, vecB: false, vecC: false });
    expect(chooseGemmVariant(p(8, 10, 12, { transA: true, transB: true }), limits)).toMatchObject({ vecA: true, vecB: true });
  });

  it('lets a benchmark force part of the tile', () => {
    expect(chooseGemmVariant(p(256, 256, 256), limits, { TX: 4, RM: undefined }, true)).toMatchObject({ TX: 4, TY: 8, RM: 8 });
  });
});

describe('GEMM register block', () => {
  it('unrolls RM×RN into RM·RN/4 vec4 FMAs over named registers', () => {
    const b = registerBlock(8, 4);
    expect(b.fma.match(/fma\(/g)).toHaveLength(8);
    expect(b.decl.match(/var acc/g)).toHaveLength(8);
    expect(b.store.match(/epilogue\(/g)).toHaveLength(8);
    expect(b.fma).toContain('acc7_0 = fma(vec4<f32>(a1.w), b0, acc7_0);');
  });
});

describe('GEMM split-K choice', () => {
  const tile = { TX: 8, TY: 8, RM: 8, RN: 8 };
  it('splits a long K when the output has few tiles, on a GPU only', () => {
    // dX = dY·Wᵀ at batch 64: 64×512 is 8 tiles of 64×64; K = 512 → 4 slices of 128.
    expect(chooseSplits(p(64, 512, 512), tile, 16)).toEqual({ splits: 4, kChunk: 128 });
    // A weight gradient with batch 1024: 784×512 is 104 tiles, enough already.
    expect(chooseSplits(p(784, 512, 1024), tile, 16).splits).toBe(1);
    // 64×64 with K = 4096: one tile, 16 slices at most.
    expect(chooseSplits(p(64, 64, 4096), tile, 16)).toEqual({ splits: 16, kChunk: 256 });
    // Short K (a weight gradient at batch 64) is never split; nor on software adapters.
    expect(chooseSplits(p(64, 64, 64), tile, 16).splits).toBe(1);
    expect(chooseSplits(p(64, 512, 512), tile, 16, true).splits).toBe(1);
  });

  it('keeps slices whole BK steps and the last one non-empty', () => {
    for (const [K, wanted] of [
      [37, 3],
      [100, 7],
      [17, 16],
    ]) {
      const { splits, kChunk } = chooseSplits(p(5, 5, K), tile, 4, false, wanted);
      expect(kChunk % 4).toBe(0);
      expect((splits - 1) * kChunk).toBeLessThan(K);
      expect(splits * kChunk).toBeGreaterThanOrEqual(K);
    }
    expect(chooseGemmVariant(p(64, 512, 512), limits, {}, true)).toMatchObject({ splits: 1 });
    expect(chooseGemmVariant(p(64, 512, 512), limits)).toMatchObject({ splits: 2, kChunk: 256 });
  });

  it('never uses 256-thread tiles on a software adapter', () => {
    expect(size(chooseTile(p(784, 512, 64, { transA: true }), limits, true))).toEqual([64, 64]);
    expect(size(chooseTile(p(784, 512, 64, { transA: true }), limits))).toEqual([64, 64]);
    expect(size(chooseTile(p(2048, 2048, 2048), limits, true))).toEqual([64, 64]);
  });
});
