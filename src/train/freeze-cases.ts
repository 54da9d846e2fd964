// Frozen layers (`trainable: false`), shared by the CPU and the WebGPU tests: a model whose
// middle dense layer and batch norm are frozen between two trainable layers, trained with
// every penalty that could touch a parameter (coupled weight decay, L1, L2) and clipping.
import type { Backend } from '../engine/backend';
import { generateSynthetic } from '../data/synthetic';
import { splitDataset } from '../data/split';
import type { Split } from '../data/types';
import type { ExperimentInput } from '../spec';
import { experimentOf } from './test-helpers';
import { Trainer } from './trainer';
import type { NamedTensor } from './safetensors';

export function freezeSplit(): Split {
  const ds = generateSynthetic('spiral', { seed: 5, noise: 0.1, n: 128 });
  const parts = splitDataset(ds, { seed: 5, trainFraction: 0.5 });
  return { ...parts, stats: { method: 'none', offset: [0, 0], divisor: [1, 1] } } as Split;
}

type Layers = ExperimentInput['model']['layers'];

export const frozenMiddle = (backend: 'cpu' | 'webgpu', optimizer: ExperimentInput['optimizer'] = { type: 'adam', lr: 0.05, weightDecay: 0.1, l1: 0.01, l2: 0.01 }, layers?: Layers) =>
  experimentOf({
    version: 1,
    seed: 9,
    data: { dataset: 'spiral', noise: 0.1, trainFraction: 0.5, normalize: 'none' },
    model: {
      layers: layers ?? [
        { type: 'dense', units: 12, activation: 'relu' },
        { type: 'dense', units: 10, activation: 'tanh', trainable: false },
        { type: 'batchNorm', trainable: false },
        { type: 'dropout', rate: 0.2 },
        { type: 'dense', units: 2 },
      ],
    },
    loss: 'softmaxCrossEntropy',
    optimizer,
    training: { batchSize: 16, epochs: 2, clipGradNorm: 1 },
    backend,
  });

/** The named tensors (parameters, then running statistics) before and after `steps` steps. */
export async function beforeAfter(backend: Backend, experiment = frozenMiddle(backend.kind as 'cpu' | 'webgpu'), steps = 6) {
  const trainer = await Trainer.create(experiment, { backend, split: freezeSplit(), onEvent: () => {} });
  const before = await trainer.exportWeights();
  for (let i = 0; i < steps; i++) await trainer.step();
  const after = await trainer.exportWeights();
  const saved = await trainer.save();
  trainer.dispose();
  return { before, after, saved };
}

export const bits = (t: NamedTensor) => Array.from(new Uint32Array(Float32Array.from(t.data).buffer));
export const FROZEN = ['layer2.weight', 'layer2.bias', 'layer3.gamma', 'layer3.beta', 'layer3.runningMean', 'layer3.runningVar'];
export const TRAINED = ['layer1.weight', 'layer1.bias', 'layer5.weight', 'layer5.bias'];
export const byName = (ts: NamedTensor[], name: string): NamedTensor => ts.find((t) => t.name === name)!;
