// Trains each lesson (src/experiment/lessons.ts) and its `tryIt` variant on the CPU backend
// and prints what the lesson's text promises: losses, accuracies, the first and last layers'
// gradient norms, FLOPs and samples per second. docs/lessons.md records the output.
// Run: npx vite-node scripts/measure-lessons.ts [lesson id ...]
import { lessons } from '../src/experiment/lessons';
import { validateExperiment } from '../src/experiment';
import { loadDataset } from '../src/data';
import { nodeIo } from '../src/data/node-io';
import { openBackend } from '../src/train/backend-select';
import { Trainer } from '../src/train/trainer';
import type { Experiment } from '../src/spec';
import type { EvalMetrics, ProgressMetrics } from '../src/train/types';

/** The ε of the page's Robustness region for images (pixels scaled to [0, 1]). */
const EPSILONS = [0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3];

async function measure(experiment: Experiment, attack = false) {
  const split = await loadDataset(experiment.data, experiment.seed, nodeIo(process.cwd()));
  const { backend } = await openBackend('cpu');
  const evals: EvalMetrics[] = [];
  const progress: ProgressMetrics[] = [];
  const trainer = await Trainer.create({ ...experiment, backend: 'cpu' }, {
    backend, split,
    onEvent: (e) => { if ('kind' in e && e.kind === 'eval') evals.push(e); if ('kind' in e && e.kind === 'progress') progress.push(e); },
  });
  const final = await trainer.run();
  // The robustness lesson: test accuracy under FGSM at each ε, as "Measure robustness" shows it.
  const fgsm: Record<string, number> = {};
  if (attack) for (const epsilon of EPSILONS) fgsm[epsilon] = Number((await trainer.robustness({ method: 'fgsm', epsilon })).robustAccuracy.toPrecision(3));
  trainer.dispose();
  const last = evals.at(-1)!;
  const summary = validateExperiment(experiment).summary!;
  const r = (x: number | undefined) => (x === undefined ? '-' : Number(x.toPrecision(3)));
  return {
    firstLoss: r(progress[0]?.trainLoss), trainLoss: r(final?.trainLoss), testLoss: r(final?.testLoss),
    testAccuracy: r(final?.testAccuracy), trainAccuracy: r(last.trainAccuracy),
    gradNormFirst: r(last.layers[0]?.gradNorm), gradNormLast: r(last.layers.at(-1)?.gradNorm),
    params: summary.totalParams, flops: summary.totalFlops, samplesPerSec: r(final?.samplesPerSec), steps: final?.steps,
    ...(attack ? { fgsm } : {}),
  };
}

const only = process.argv.slice(2);
for (const lesson of lessons.filter((l) => only.length === 0 || only.includes(l.id))) {
  const attack = lesson.view === 'robustness';
  const a = await measure(lesson.experiment, attack);
  const b = await measure(lesson.tryIt.experiment, attack);
  console.log(JSON.stringify({ lesson: lesson.id, as: a, tryIt: { change: lesson.tryIt.label, ...b } }));
}
