// Test helpers for the pointwise family: the same inputs on the WebGPU backend and the f32
// CPU reference, and an element-wise closeness check with a readable failure message.
import { expect } from 'vitest';
import { Rng } from '../random';
import type { Backend } from '../backend';
import type { DType, Tensor } from '../tensor';
import type { Shape } from '../shape';
import { createCpuBackend } from '../cpu/backend';

export const cpu = createCpuBackend('f32');

/** Uniform values in [lo, hi), as f32, reproducible by seed. */
export function randomValues(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.range(lo, hi));
}

/** Uploads the same data to both backends. */
export function pair(gpu: Backend, data: ArrayLike<number>, shape: Shape, dtype: DType = 'f32'): [Tensor, Tensor] {
  return [gpu.upload(data, shape, dtype), cpu.upload(data, shape, dtype)];
}

/** |gpu - cpu| <= tol · max(1, |cpu|) everywhere (NaN only where the CPU has NaN), same shape. */
export async function expectClose(gpuT: Tensor, cpuT: Tensor, label: string, tol = 1e-4): Promise<void> {
  expect(gpuT.shape, `${label}: shape`).toEqual(cpuT.shape);
  expect(gpuT.dtype, `${label}: dtype`).toBe(cpuT.dtype);
  const g = await gpuT.read();
  const c = cpu.readSync(cpuT);
  expect(g.length, `${label}: length`).toBe(c.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < c.length; i++) {
    if (Number.isNaN(c[i]) && Number.isNaN(g[i])) continue;
    const err = Math.abs(g[i] - c[i]) / Math.max(1, Math.abs(c[i]));
    if (!(err <= worst)) {
      worst = Number.isNaN(err) ? Infinity : err;
      at = i;
    }
  }
  expect(worst, `${label}: worst at ${at}: gpu ${g[at]} vs cpu ${c[at]}`).toBeLessThanOrEqual(tol);
}

/**
 * Runs fn with the device's workgroups-per-dimension limit lowered, so kernels must spill
 * their grid into y (as past 65535 workgroups) at sizes SwiftShader runs quickly.
 */
export async function withGridLimit(gpu: { rt: { limits: Record<string, number> } }, limit: number, fn: () => Promise<void>): Promise<void> {
  const key = 'maxComputeWorkgroupsPerDimension';
  const saved = gpu.rt.limits[key];
  gpu.rt.limits[key] = limit;
  try {
    await fn();
  } finally {
    gpu.rt.limits[key] = saved;
  }
}
