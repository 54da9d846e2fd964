import { experimentSchema } from './schema';
import type { Experiment, ExperimentInput } from './schema';

/** The example experiment of DESIGN.md, as written there (before defaults). */
export const DEFAULT_EXPERIMENT_INPUT: ExperimentInput = {
  version: 1,
  seed: 1234,
  data: {
    dataset: 'spiral', noise: 0.1, trainFraction: 0.8,
    normalize: 'standard', augment: { shift: 2, flip: false, noise: 0 },
  },
  model: {
    layers: [
      { type: 'dense', units: 16, activation: 'relu' },
      { type: 'dropout', rate: 0.1 },
      { type: 'dense', units: 2 },
    ],
  },
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'adam', lr: 0.003, beta1: 0.9, beta2: 0.999, weightDecay: 0 },
  schedule: { type: 'cosine', warmupSteps: 50 },
  training: { batchSize: 32, epochs: 20, clipGradNorm: 1.0, evalEvery: 1 },
  backend: 'webgpu',
};

/** A fresh copy of the default experiment, defaults filled; safe to mutate. */
export function defaultExperiment(): Experiment {
  return experimentSchema.parse(structuredClone(DEFAULT_EXPERIMENT_INPUT));
}
