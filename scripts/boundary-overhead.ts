// Samples per second on the spiral preset with the decision-boundary views "open" (the
// worker's probe driver refreshing on progress reports, as in the page) against "closed"
// (no probes), on one backend in Node. Runs alternate (closed, open, closed, open, ...) so
// a machine that speeds up or slows down affects both alike.
//   npx vite-node scripts/boundary-overhead.ts -- [--backend webgpu|cpu] [--epochs N] [--rounds R]
import { openBackend } from '../src/train/backend-select';
import { Trainer } from '../src/train/trainer';
import { findPreset } from '../src/experiment';
import { loadDataset, memoryIo } from '../src/data';
import { ProbeDriver } from '../src/worker/probe-driver';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : fallback; };
const kind = flag('backend', 'webgpu') as 'webgpu' | 'cpu';
const epochs = Number(flag('epochs', '10'));
const rounds = Number(flag('rounds', '3'));

const preset = findPreset('spiral')!.experiment;
const experiment = { ...preset, backend: kind, training: { ...preset.training, epochs } };
const { backend, adapter } = await openBackend(kind, {});
const split = await loadDataset(experiment.data, experiment.seed, memoryIo({}));

async function once(open: boolean): Promise<{ samplesPerSec: number; refreshes: number }> {
  let driver: ProbeDriver | null = null;
  let refreshes = 0;
  const trainer = await Trainer.create(experiment, {
    backend, split, onEvent: (e) => { if (e.kind === 'progress') driver?.onProgress(); },
  });
  if (open) driver = ProbeDriver.create(backend, trainer, split, (m) => { if (m.type === 'probe') refreshes++; });
  const final = await trainer.run();
  await driver?.dispose();
  trainer.dispose();
  return { samplesPerSec: final!.samplesPerSec, refreshes };
}

await once(true); // warm-up: pipelines compiled, buffers pooled
const closed: number[] = [];
const open: number[] = [];
let refreshes = 0;
for (let r = 0; r < rounds; r++) {
  closed.push((await once(false)).samplesPerSec);
  const o = await once(true);
  open.push(o.samplesPerSec);
  refreshes += o.refreshes;
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const c = median(closed);
const o = median(open);
console.log(JSON.stringify({
  backend: kind, adapter: adapter.label, epochs, steps: epochs * 50, rounds,
  closedSamplesPerSec: closed.map(Math.round), openSamplesPerSec: open.map(Math.round),
  medianClosed: Math.round(c), medianOpen: Math.round(o), slowdownPercent: Number((100 * (1 - o / c)).toFixed(1)),
  refreshesPerOpenRun: refreshes / rounds,
}));
backend.dispose();
process.exit(0);
