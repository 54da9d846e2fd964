// The insight hooks on WebGPU: the evaluation's kept outputs agree with its accuracy, the
// inspector's layer outputs match the CPU's, and the lr finder puts the state back bit for bit.
import { describe, expect, it } from 'vitest';
import { gpuBackend } from '../engine/webgpu/test-backend';
import { createCpuBackend } from '../engine/cpu/backend';
import { loadDataset } from '../data/load';
import { nodeIo } from '../data/node-io';
import type { Backend } from '../engine/backend';
import { confusionMatrix, predictedClasses, summarizeConfusion } from './insight';
import { statefulMlp } from './test-helpers';
import { Trainer } from './trainer';
import type { TestOutputs } from './evaluation';
import type { EvalMetrics } from './types';

const bits = (a: Float32Array[]) => a.map((x) => Array.from(new Uint32Array(x.buffer, x.byteOffset, x.length)));

async function trainer(backend: Backend, kind: 'cpu' | 'webgpu', onEvaluated?: (m: EvalMetrics, o: TestOutputs | null) => void) {
  const experiment = statefulMlp(kind);
  const split = await loadDataset(experiment.data, experiment.seed, nodeIo(process.cwd()));
  const t = await Trainer.create(experiment, { backend, split, onEvent: () => {}, keepTestOutputs: true, onEvaluated });
  return { t, split };
}

describe('insight on WebGPU', () => {
  it('keeps test outputs whose confusion matrix gives the reported accuracy', async () => {
    const seen: { m: EvalMetrics; o: TestOutputs | null }[] = [];
    const { t, split } = await trainer(await gpuBackend(), 'webgpu', (m, o) => { seen.push({ m, o }); });
    await t.run();
    expect(seen.length).toBeGreaterThan(0);
    for (const { m, o } of seen) {
      const s = summarizeConfusion(confusionMatrix(split.test.y, predictedClasses(o!), 2));
      expect(s.total).toBe(split.test.n);
      expect(s.correct / s.total).toBe(m.testAccuracy);
    }
    t.dispose();
  });

  it('reads layer outputs like the CPU, and restores the state bit for bit after the lr finder', async () => {
    const gpu = await trainer(await gpuBackend(), 'webgpu');
    const cpu = await trainer(createCpuBackend('f32'), 'cpu');
    const indices = [0, 3, 17];
    const [g, c] = await Promise.all([gpu.t.inspect((i) => i.layerOutputs(indices)), cpu.t.inspect((i) => i.layerOutputs(indices))]);
    expect(g.map((x) => x.length)).toEqual(c.map((x) => x.length));
    g.forEach((layer, l) => layer.forEach((v, k) => expect(v, `layer ${l}[${k}]`).toBeCloseTo(c[l][k], 4)));

    await gpu.t.step();
    const before = await gpu.t.save();
    const r = await gpu.t.findLearningRate({ steps: 20 });
    const after = await gpu.t.save();
    expect(after.step).toBe(before.step);
    expect(bits(after.params)).toEqual(bits(before.params));
    expect(after.optimizer.map(bits)).toEqual(before.optimizer.map(bits));
    expect(bits(after.running)).toEqual(bits(before.running));
    expect(r.suggestedLr).toBeGreaterThanOrEqual(r.minLr);
    expect(r.suggestedLr).toBeLessThanOrEqual(r.maxLr);
    gpu.t.dispose();
    cpu.t.dispose();
  });
});
