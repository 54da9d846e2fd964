// The input gradient on WebGPU against the CPU reference, on odd shapes (conv, batch norm
// with running statistics, dropout that must stay off in evaluation mode).
import { describe, expect, it } from 'vitest';
import type { Backend } from '../engine/backend';
import { createCpuBackend } from '../engine/cpu/backend';
import { Rng } from '../engine/random';
import { tidy } from '../engine/tensor';
import { gpuBackend } from '../engine/webgpu/test-backend';
import { modelInputGradient } from './input-gradient';
import { randomModel, type LayersInput } from './adversarial-test-helpers';

const CASES: [string, number[], LayersInput, number][] = [
  ['MLP', [13], [{ type: 'dense', units: 9, activation: 'relu' }, { type: 'batchNorm' }, { type: 'dropout', rate: 0.5 }, { type: 'dense', units: 5 }], 7],
  ['conv', [9, 7, 3], [
    { type: 'conv2d', filters: 5, kernelSize: 3, padding: 'same', activation: 'relu' },
    { type: 'batchNorm' },
    { type: 'maxPool2d', poolSize: 2 },
    { type: 'dropout', rate: 0.3 },
    { type: 'flatten' },
    { type: 'dense', units: 5 },
  ], 3],
];

async function gradOn(b: Backend, inputShape: number[], layers: LayersInput, n: number): Promise<Float32Array> {
  const { model, params, state } = randomModel(b, inputShape, layers);
  const rng = new Rng(2);
  const size = inputShape.reduce((a, c) => a * c, 1);
  const x = b.upload(Array.from({ length: n * size }, () => rng.range(-1, 1)), [n, ...inputShape]);
  const labels = b.upload(Array.from({ length: n }, (_, i) => (i * 2) % 5), [n], 'u32');
  const g = tidy(() => modelInputGradient(model, { params, state }, x, labels, { loss: 'softmaxCrossEntropy', seed: 9 }).grad);
  const out = Float32Array.from(await b.read(g));
  for (const t of [g, x, labels, ...params, ...state]) t.dispose();
  return out;
}

describe('modelInputGradient on WebGPU', () => {
  it.each(CASES)('matches the CPU for the %s case', async (_, inputShape, layers, n) => {
    const gpu = await gradOn(await gpuBackend(), inputShape, layers, n);
    const cpu = await gradOn(createCpuBackend('f32'), inputShape, layers, n);
    expect(gpu.length).toBe(cpu.length);
    const scale = Math.max(...Array.from(cpu, Math.abs));
    expect(scale).toBeGreaterThan(1e-4);
    for (let i = 0; i < cpu.length; i++) expect(Math.abs(gpu[i] - cpu[i])).toBeLessThan(1e-5 + 1e-4 * scale);
  });
});
