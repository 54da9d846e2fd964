// The speed jobs on the CPU backends (no GPU in unit tests: the race's "WebGPU" lane is a
// wasm backend here, named as such, beside the race's own wasm lane). What matters most: a job never touches the
// user's own run, and every figure it returns was measured.
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../engine/cpu/backend';
import { createWasmBackend } from '../engine/wasm/backend';
import { defaultThreads } from '../engine/wasm/threads';
import { wasmAdapter } from '../train/backend-select';
import { loadDataset } from '../data/load';
import { nodeIo } from '../data/node-io';
import { findPreset } from '../experiment/presets';
import { experimentOf } from '../train/test-helpers';
import { Trainer } from '../train/trainer';
import type { ExperimentInput } from '../spec';
import { CPU_ADAPTER, WASM_ADAPTER, measureKernels, race, sweep, type SpeedDeps } from './speed';

async function spiral() {
  const input = structuredClone(findPreset('spiral')!.experiment) as ExperimentInput;
  const experiment = experimentOf({ ...input, backend: 'cpu' });
  const split = await loadDataset(experiment.data, experiment.seed, nodeIo(process.cwd()));
  return { experiment, split };
}

describe('speed jobs', () => {
  it('a race leaves the user\'s run (step counter and weights) as it was, and measures both lanes', async () => {
    const { experiment, split } = await spiral();
    const backend = createCpuBackend('f32');
    const user = await Trainer.create(experiment, { backend, split, onEvent: () => {} });
    for (let i = 0; i < 3; i++) await user.step();
    const before = { step: user.stepsDone, weights: (await user.exportWeights()).map((w) => Array.from(w.data)) };
    const progress: string[] = [];
    const deps: SpeedDeps = {
      experiment, split, progress: (t) => progress.push(t),
      open: async () => ({ backend: createWasmBackend(), adapter: { ...WASM_ADAPTER, label: 'a second wasm lane (test)' } }),
    };
    const result = await race(deps, 30, 20);
    expect(user.stepsDone).toBe(before.step);
    expect((await user.exportWeights()).map((w) => Array.from(w.data))).toEqual(before.weights);
    for (const lane of [result.gpu, result.cpu]) {
      expect(lane.steps).toBeGreaterThanOrEqual(30);
      expect(lane.samplesPerSec).toBeGreaterThan(0);
      expect(lane.losses.length).toBeGreaterThan(2);
      expect(lane.losses.every((l) => Number.isFinite(l.loss))).toBe(true);
    }
    // Same seed, fresh weights, both on wasm: the same curve, bit for bit (wasm is deterministic).
    expect(result.gpu.losses.slice(0, 5)).toEqual(result.cpu.losses.slice(0, 5));
    // The CPU lane is the wasm backend, and says so, with its threads (Node: min(cores, 4)).
    expect(result.cpu.adapter).toEqual(wasmAdapter(await defaultThreads()));
    expect(result.cpu.adapter.label).toMatch(/WebAssembly SIMD/);
    expect(progress.length).toBeGreaterThan(0);
    user.dispose();
  });

  it('the batch sweep checks each batch, measures it, and stops at the memory budget', async () => {
    const { experiment, split } = await spiral();
    const backend = createCpuBackend('f32');
    const deps: SpeedDeps = { experiment, split, progress: () => {}, open: async () => ({ backend, adapter: CPU_ADAPTER }) };
    const result = await sweep(deps, [1, 2, 4, 8], 2 ** 31);
    expect(result.rows.map((r) => r.batch)).toEqual([1, 2, 4, 8]);
    for (const r of result.rows) {
      expect(r.skipped).toBeUndefined();
      expect(r.samplesPerSec).toBeGreaterThan(0);
      expect(r.firstLoss).toBeCloseTo(r.cpuFirstLoss!, 6);
    }
    // A budget of 1 MB: the spiral's data alone fits, batch 4096 x 64 units does not.
    const tight = await sweep({ ...deps, experiment: { ...experiment, model: { layers: [{ type: 'dense', units: 4096, activation: 'relu' }, { type: 'dense', units: 2 }] } } as typeof experiment }, [1, 256], 1_000_000);
    expect(tight.rows.at(-1)!.skipped).toMatch(/memory budget/);
  });

  it('kernel timing on the CPU says it cannot time kernels but still measures the step', async () => {
    const { experiment, split } = await spiral();
    const backend = createCpuBackend('f32');
    const result = await measureKernels({ experiment, split, progress: () => {}, open: async () => ({ backend, adapter: CPU_ADAPTER }) });
    expect(result.timing).toBeNull();
    expect(result.msPerStep).toBeGreaterThan(0);
  });
});
