import { describe, expect, it } from 'vitest';
import { gpuBackend } from '../engine/webgpu/test-backend';
import { createCpuBackend } from '../engine/cpu/backend';
import { loadDataset, memoryIo } from '../data';
import { featuresOf } from '../spec';
import { Trainer } from '../train/trainer';
import type { ProgressMetrics, TrainEvent } from '../train/types';
import { BoundaryProbe, GRID_SIZE } from './probe';
import { ProbeDriver, boundaryCheck, type ProbePost } from './probe-driver';
import { probeExperiment, probeRun } from './probe-test-helpers';

const gpuExperiment = () => probeExperiment((e) => { e.backend = 'webgpu'; e.training.epochs = 4; });

describe('boundary probe on WebGPU (Dawn)', () => {
  it('is its own submit and readback between steps; the replayed step keeps its single submit', async () => {
    const b = await gpuBackend();
    const { trainer, probe } = await probeRun(b, gpuExperiment());
    await trainer.step(); // records the plan
    for (let k = 0; k < 3; k++) {
      const c0 = b.counters();
      await trainer.step();
      const c1 = b.counters();
      expect(c1.submits - c0.submits, `step ${k}`).toBe(1);
      const r = await probe.run(trainer.stepsDone);
      const c2 = b.counters();
      expect(r.work).toEqual({ dispatches: c2.dispatches - c1.dispatches, submits: 1, readbacks: 1 });
      expect(r.work.dispatches).toBeGreaterThan(0);
    }
    probe.dispose();
    trainer.dispose();
  });

  it('refreshing while training changes nothing: same losses and weights bit for bit, and the step counters exclude it', async () => {
    const b = await gpuBackend();
    const experiment = gpuExperiment();
    const split = await loadDataset(experiment.data, experiment.seed, memoryIo({}), { syntheticSamples: 300 });
    const runOnce = async (withProbe: boolean) => {
      const progress: ProgressMetrics[] = [];
      let driver: ProbeDriver | null = null;
      let refreshes = 0;
      const onEvent = (e: TrainEvent) => { if (e.kind === 'progress') { progress.push(e); driver?.onProgress(); } };
      const trainer = await Trainer.create(experiment, { backend: b, split, onEvent, progressEvery: 1 });
      const post: ProbePost = (m) => { if (m.type === 'probe') refreshes++; };
      if (withProbe) driver = ProbeDriver.create(b, trainer, split, post);
      await trainer.run();
      await driver?.refresh();
      await driver?.dispose();
      const weights = await trainer.exportWeights();
      trainer.dispose();
      return { progress, weights, refreshes };
    };
    const plain = await runOnce(false);
    const probed = await runOnce(true);
    expect(probed.refreshes).toBeGreaterThan(1);
    expect(probed.progress.map((p) => p.trainLoss)).toEqual(plain.progress.map((p) => p.trainLoss));
    probed.weights.forEach((w, i) => expect(Array.from(w.data), w.name).toEqual(Array.from(plain.weights[i].data)));
    // Per-step counters as the page shows them: the probes' submits are not the step's.
    expect(probed.progress.map((p) => [p.submitsPerStep, p.readbacksPerStep, p.dispatchesPerStep])).toEqual(plain.progress.map((p) => [p.submitsPerStep, p.readbacksPerStep, p.dispatchesPerStep]));
  });

  it('agrees with the model at every training point and with the CPU backend', async () => {
    const b = await gpuBackend();
    const experiment = gpuExperiment();
    const { trainer, probe, split } = await probeRun(b, experiment);
    await trainer.run();
    const check = await boundaryCheck(b, trainer, probe, split);
    expect(check.mismatches).toBe(0);
    expect(check.boundaryAccuracy).toBe(check.evalAccuracy);
    expect(check.evalAccuracy).toBeGreaterThan(0.6);
    const gpu = await probe.run(trainer.stepsDone);
    // The same weights on the CPU give the same grid (to float32 rounding of two GEMMs).
    const cpu = createCpuBackend('f32');
    const cpuTrainer = await Trainer.create({ ...experiment, backend: 'cpu' }, { backend: cpu, split, onEvent: () => {} });
    cpuTrainer.setWeights((await trainer.exportWeights()).map((w) => w.data));
    const cpuProbe = BoundaryProbe.create(cpu, { model: cpuTrainer.model, weights: cpuTrainer.weights, loss: experiment.loss, seed: experiment.seed }, split, featuresOf(experiment.data))!;
    const ref = await cpuProbe.run(trainer.stepsDone);
    expect(gpu.output).toHaveLength(GRID_SIZE * GRID_SIZE * 2);
    let worst = 0;
    for (let i = 0; i < ref.output.length; i++) worst = Math.max(worst, Math.abs(ref.output[i] - gpu.output[i]));
    expect(worst).toBeLessThan(1e-4);
    gpu.layers.forEach((l, i) => expect(Array.from(l.weights)).toEqual(Array.from(ref.layers[i].weights)));
    cpuProbe.dispose();
    cpuTrainer.dispose();
    probe.dispose();
    trainer.dispose();
  });
});
