// `npm run soak [-- --steps N] [--backend webgpu|cpu]`: trains a small model for many steps
// (default 5,000) and samples the backend's buffers (live, pooled, pinned by the compiled
// step, uniforms) and the process's memory as it goes. GPU buffers must be flat after the
// first step and the first evaluation, and resident memory flat (within a margin) after
// warm-up; exits 1 otherwise.
import { openWebGpuBackend } from '../src/engine/webgpu/backend';
import { createCpuBackend } from '../src/engine/cpu/backend';
import type { Backend, MemoryStats } from '../src/engine/backend';
import { loadDataset } from '../src/data/load';
import { nodeIo } from '../src/data/node-io';
import { parseExperiment } from '../src/spec';
import { Trainer } from '../src/train/trainer';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const steps = Number(flag('--steps', '5000'));
const kind = flag('--backend', 'webgpu');
/** Resident memory may grow this much after warm-up (allocator noise, JIT). */
const RSS_MARGIN_MB = Number(flag('--rss-margin-mb', '40'));

const parsed = parseExperiment({
  version: 1, seed: 3, data: { dataset: 'spiral', noise: 0.1, trainFraction: 0.5 },
  model: { layers: [{ type: 'dense', units: 32, activation: 'relu' }, { type: 'dropout', rate: 0.1 }, { type: 'dense', units: 32, activation: 'tanh' }, { type: 'dense', units: 2 }] },
  loss: 'softmaxCrossEntropy', optimizer: { type: 'adam', lr: 0.003 }, training: { batchSize: 16, epochs: 1000, evalEvery: 1 }, backend: kind,
});
const experiment = parsed.experiment!;
const split = await loadDataset(experiment.data, experiment.seed, nodeIo(process.cwd()));
const backend: Backend = kind === 'cpu' ? createCpuBackend('f32') : await openWebGpuBackend();

interface Sample { step: number; gpu: MemoryStats; rssMb: number; heapMb: number }
const samples: Sample[] = [];
const every = Math.max(1, Math.floor(steps / 10));
let trainer: Trainer | null = null;
// The first sample comes after the first evaluation (step 31): evaluation's own buffers
// are made once, then reused like the step's.
let nextSample = 40;
const gc = (globalThis as { gc?: () => void }).gc;
const sample = (step: number) => {
  gc?.(); // with --expose-gc (npm run soak): memory after collection, not the GC's sawtooth
  const m = process.memoryUsage();
  samples.push({ step, gpu: backend.memory(), rssMb: m.rss / 2 ** 20, heapMb: m.heapUsed / 2 ** 20 });
};
trainer = await Trainer.create(experiment, {
  backend, split, progressEvery: 10,
  onEvent: (e) => {
    if (e.kind !== 'progress') return;
    if (e.step >= nextSample) {
      sample(e.step);
      nextSample = nextSample === 40 ? every : nextSample + every;
    }
    if (e.step >= steps) trainer?.pause();
  },
});
const started = performance.now();
await trainer.run();
const seconds = (performance.now() - started) / 1000;
trainer.dispose();

const table = samples.map((s) =>
  `${String(s.step).padStart(6)}  buffers ${s.gpu.liveBuffers} live + ${s.gpu.pinnedBuffers} pinned + ${s.gpu.pooledBuffers} pooled + ${s.gpu.uniformBuffers} uniforms  ` +
  `${((s.gpu.liveBytes + s.gpu.pinnedBytes + s.gpu.pooledBytes) / 2 ** 20).toFixed(2)} MiB on the device  rss ${s.rssMb.toFixed(0)} MB  heap ${s.heapMb.toFixed(0)} MB`);
console.log(`soak: ${kind}, ${samples.at(-1)?.step ?? 0} steps in ${seconds.toFixed(0)} s\n${table.join('\n')}`);

const first = samples[0];
const key = (s: Sample) => [s.gpu.liveBuffers, s.gpu.pinnedBuffers, s.gpu.pooledBuffers, s.gpu.uniformBuffers, s.gpu.liveBytes, s.gpu.pinnedBytes].join(',');
const gpuFlat = samples.every((s) => key(s) === key(first));
// Warm-up: the first third of the run (JIT, pools and caches filling).
const warm = samples[Math.floor(samples.length / 3)];
const rssGrowth = Math.max(...samples.slice(Math.floor(samples.length / 3)).map((s) => s.rssMb)) - warm.rssMb;
console.log(`GPU buffers and bytes flat after the first step: ${gpuFlat ? 'yes' : 'NO'}`);
console.log(`resident memory after warm-up grew ${rssGrowth.toFixed(1)} MB (allowed ${RSS_MARGIN_MB})`);
backend.dispose();
process.exit(gpuFlat && rssGrowth <= RSS_MARGIN_MB ? 0 : 1);
