// Shared by the input-gradient and attack tests: a model with random weights and non-trivial
// running statistics (so evaluation mode differs from training mode), and real PyTorch.
import { spawnSync } from 'node:child_process';
import type { Backend } from '../engine/backend';
import { Rng } from '../engine/random';
import type { Tensor } from '../engine/tensor';
import { buildModel, type Model } from '../nn/model';
import type { ExperimentInput } from '../spec';
import { experimentOf } from './test-helpers';

export type LayersInput = ExperimentInput['model']['layers'];

/** The model of `layers` on `inputShape`, its parameters drawn from their initialisers, running statistics perturbed. */
export function randomModel(backend: Backend, inputShape: number[], layers: LayersInput, seed = 3): { model: Model; params: Tensor[]; state: Tensor[] } {
  const exp = experimentOf({ version: 1, seed: 1, data: { dataset: 'spiral' }, model: { layers }, loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 0.1 }, training: { batchSize: 4, epochs: 1 } });
  const model = buildModel(inputShape, exp.model.layers);
  const rng = new Rng(seed);
  const params = model.params.map((p) => backend.upload(p.initial(rng), p.shape));
  params.forEach((p) => (p.requiresGrad = true));
  const state = model.state.map((s) => {
    const n = s.shape.reduce((a, c) => a * c, 1);
    const variance = s.name.endsWith('runningVar');
    return backend.upload(Array.from({ length: n }, () => (variance ? rng.range(0.5, 1.5) : rng.range(-0.3, 0.3))), s.shape);
  });
  return { model, params, state };
}

/** Runs a Python script on /usr/bin/python3 (torch 1.13) with `input` as JSON on stdin; returns its stdout parsed as JSON. */
export function python<T>(script: string, input: unknown): T {
  const r = spawnSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (r.status !== 0) throw new Error(`python3 failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
