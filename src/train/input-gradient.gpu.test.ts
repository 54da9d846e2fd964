// The input gradient on WebGPU against the CPU reference, on odd shapes (conv, batch norm
// with running statistics, dropout that must stay off in evaluation mode).
import { describe, expect, it } from 'vitest';
import type { Backend } from '../engine/backend';
import { createCpuBackend } from '../engine/cpu/backend';
import { Rng } from '../engine/random';
import { tidy } from '../engine/tensor';
import { gpuBackend } from '../engine/webgpu/test-backend';
import { modelInputGradient } from './input-gradient';
import { adversarialExamples, inputBoxOf, type Attack } from './adversarial';
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

async function attackOn(b: Backend, attack: Attack): Promise<Float32Array> {
  const [, inputShape, layers, n] = CASES[1];
  const { model, params, state } = randomModel(b, inputShape, layers);
  const rng = new Rng(5);
  const size = inputShape.reduce((a, c) => a * c, 1);
  const x = b.upload(Array.from({ length: n * size }, () => rng.range(-0.4, 2.5)), [n, ...inputShape]);
  const labels = b.upload(Array.from({ length: n }, (_, i) => i % 5), [n], 'u32');
  const box = inputBoxOf(true, { method: 'standard', offset: [33], divisor: [79] });
  const adv = adversarialExamples({ model, weights: { params, state }, loss: { loss: 'softmaxCrossEntropy', seed: 9 }, box }, x, labels, attack);
  const out = Float32Array.from(await b.read(adv));
  for (const t of [adv, x, labels, ...params, ...state]) t.dispose();
  return out;
}

describe('modelInputGradient on WebGPU', () => {
  it.each([
    { method: 'fgsm', epsilon: 0.1 },
    { method: 'pgd', epsilon: 0.1, steps: 4 },
  ] as Attack[])('makes the CPU adversarial examples ($method)', async (attack) => {
    const gpu = await attackOn(await gpuBackend(), attack);
    const cpu = await attackOn(createCpuBackend('f32'), attack);
    // Where a gradient element is ~0 its sign may differ between backends: allow a few.
    const differ = cpu.filter((v, i) => Math.abs(v - gpu[i]) > 1e-4).length;
    expect(differ).toBeLessThanOrEqual(cpu.length * 0.01);
  });

  it.each(CASES)('matches the CPU for the %s case', async (_, inputShape, layers, n) => {
    const gpu = await gradOn(await gpuBackend(), inputShape, layers, n);
    const cpu = await gradOn(createCpuBackend('f32'), inputShape, layers, n);
    expect(gpu.length).toBe(cpu.length);
    const scale = Math.max(...Array.from(cpu, Math.abs));
    expect(scale).toBeGreaterThan(1e-4);
    for (let i = 0; i < cpu.length; i++) expect(Math.abs(gpu[i] - cpu[i])).toBeLessThan(1e-5 + 1e-4 * scale);
  });
});
