// The speed jobs on a real WebGPU device (Dawn; SwiftShader without a GPU): the GEMM lab
// checks and times all three kernels, and the kernel table of an MLP has GEMM in it.
import { describe, expect, it } from 'vitest';
import { gpuBackend } from '../engine/webgpu/test-backend';
import { loadDataset } from '../data/load';
import { nodeIo } from '../data/node-io';
import { findPreset } from '../experiment/presets';
import { experimentOf } from '../train/test-helpers';
import type { ExperimentInput } from '../spec';
import { runGemmLab } from './gemm-lab';
import { measureKernels } from './speed';

const adapter = { backend: 'webgpu' as const, label: 'Dawn (test)', isSoftware: true };

describe('speed jobs on WebGPU', () => {
  it('the GEMM lab checks every kernel against the CPU, then times it', async () => {
    const gpu = await gpuBackend();
    const result = await runGemmLab(gpu, adapter, [33, 64], ['NN', 'TN'], () => {});
    expect(result.rows).toHaveLength(2 * 2 * 3);
    for (const r of result.rows) {
      expect(r.maxError).toBeLessThan(1e-4);
      expect(r.gflops).toBeGreaterThan(0);
    }
  });

  it('GPU time per kernel of the spiral MLP: GEMM among the families, shares summing to 1', async () => {
    const gpu = await gpuBackend();
    const input = structuredClone(findPreset('spiral')!.experiment) as ExperimentInput;
    const experiment = experimentOf({ ...input, backend: 'webgpu' });
    const split = await loadDataset(experiment.data, experiment.seed, nodeIo(process.cwd()));
    const result = await measureKernels({ experiment, split, progress: () => {}, open: async () => ({ backend: gpu, adapter }) });
    expect(result.msPerStep).toBeGreaterThan(0);
    expect(result.dispatchesPerStep).toBeGreaterThan(5);
    if (!gpu.ctx.device.features.has('timestamp-query')) {
      expect(result.timing).toBeNull();
      return;
    }
    const timing = result.timing!;
    expect(timing.groups.map((g) => g.group)).toContain('GEMM');
    expect(timing.groups.reduce((s, g) => s + g.share, 0)).toBeCloseTo(1, 6);
    expect(timing.slowest.length).toBe(5);
  });
});
