// Shared by the probe's CPU and GPU tests: a small 2-D run (data through the real loader,
// so normalisation and features are the pipeline's own).
import type { Backend } from '../engine/backend';
import { loadDataset, memoryIo } from '../data';
import type { Split } from '../data/types';
import { parseExperiment, type Experiment, type ExperimentInput } from '../spec';
import { Trainer } from '../train/trainer';
import { BoundaryProbe } from './probe';
import { featuresOf } from '../spec';

export function probeExperiment(edit: (e: ExperimentInput) => void = () => {}): Experiment {
  const input: ExperimentInput = {
    version: 1,
    seed: 7,
    data: { dataset: 'spiral', noise: 0.1, trainFraction: 0.5, normalize: 'standard' },
    model: { layers: [{ type: 'dense', units: 4, activation: 'tanh' }, { type: 'dropout', rate: 0.2 }, { type: 'dense', units: 4, activation: 'tanh' }, { type: 'dense', units: 2 }] },
    loss: 'softmaxCrossEntropy',
    optimizer: { type: 'adam', lr: 0.03 },
    training: { batchSize: 20, epochs: 40 },
    backend: 'cpu',
  };
  edit(input);
  const r = parseExperiment(input);
  if (!r.experiment) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.experiment;
}

export async function probeRun(backend: Backend, experiment: Experiment): Promise<{ trainer: Trainer; probe: BoundaryProbe; split: Split }> {
  const split = await loadDataset(experiment.data, experiment.seed, memoryIo({}), { syntheticSamples: 300 });
  const trainer = await Trainer.create(experiment, { backend, split, onEvent: () => {} });
  const probe = BoundaryProbe.create(backend, { model: trainer.model, weights: trainer.weights, loss: experiment.loss, seed: experiment.seed }, split, featuresOf(experiment.data));
  if (!probe) throw new Error('no probe for a 2-D set');
  return { trainer, probe, split };
}
