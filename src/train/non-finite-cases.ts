// Runs that go non-finite at a known step and place, for the trainer's CPU and GPU tests,
// and an independent eager CPU loop that finds the step and place of any SGD run by the
// definition (first non-finite layer output in forward order, else the loss, else the
// first layer from the output whose parameter gradients are), without the trainer's guard.
import { createCpuBackend } from '../engine/cpu/backend';
import { backward } from '../engine/tape';
import { tidy, type Tensor } from '../engine/tensor';
import { epochPermutation } from '../data/batching';
import { generateSynthetic } from '../data/synthetic';
import { splitDataset } from '../data/split';
import type { Split } from '../data/types';
import { buildModel } from '../nn/model';
import { lossOf } from '../nn/losses';
import type { Experiment, ExperimentInput } from '../spec';
import { experimentOf } from './test-helpers';

export interface NonFiniteCase {
  experiment: Experiment;
  split: Split;
  /** Weights to start from (setWeights), model order. */
  weights: Float32Array[];
  expected: { step: number; layer: string };
  /** How the message names the place. */
  where: string;
}

function synthetic(name: 'spiral' | 'plane'): Split {
  const parts = splitDataset(generateSynthetic(name, { seed: 2, noise: 0.1, n: 64 }), { seed: 2, trainFraction: 0.5 });
  return { ...parts, stats: { method: 'none', offset: [0, 0], divisor: [1, 1] } } as Split;
}

const mlp = (dataset: 'spiral' | 'plane', layers: ExperimentInput['model']['layers'], backend: 'cpu' | 'webgpu') =>
  experimentOf({
    version: 1,
    seed: 3,
    data: { dataset, noise: 0.1, trainFraction: 0.5, normalize: 'none' },
    model: { layers },
    loss: dataset === 'plane' ? 'mse' : 'softmaxCrossEntropy',
    optimizer: { type: 'sgd', lr: 0.01 },
    schedule: { type: 'constant' },
    training: { batchSize: 8, epochs: 3 },
    backend,
  });

const full = (n: number, v: number) => new Float32Array(n).fill(v);

/**
 * Layer 3 of 4 overflows to +Inf at step 1, the layers before it stay finite: batch norm
 * (its running statistics change in the forward pass, so the stop must put them back),
 * then a layer that outputs tanh(1) everywhere (zero weights, bias 1), then one that
 * multiplies by 3e38 (8 x 0.76 x 3e38 > float32's largest).
 */
export function middleLayerCase(backend: 'cpu' | 'webgpu'): NonFiniteCase {
  const layers: ExperimentInput['model']['layers'] = [
    { type: 'batchNorm' },
    { type: 'dense', units: 8, activation: 'tanh' },
    { type: 'dense', units: 8 },
    { type: 'dense', units: 2 },
  ];
  const weights = [full(2, 1), full(2, 0), full(16, 0), full(8, 1), full(64, 3e38), full(8, 0), full(16, 0.1), full(2, 0)];
  return { experiment: mlp('spiral', layers, backend), split: synthetic('spiral'), weights, expected: { step: 1, layer: 'layer 3 (dense)' }, where: 'layer 3 (dense), in its output.' };
}

/** Every output finite (about 3e20), but its squared error overflows: the loss goes first. */
export function lossCase(backend: 'cpu' | 'webgpu'): NonFiniteCase {
  const experiment = mlp('plane', [{ type: 'dense', units: 4, activation: 'tanh' }, { type: 'dense', units: 1 }], backend);
  const weights = [full(8, 0), full(4, 1), full(4, 1e20), full(1, 0)];
  return { experiment, split: synthetic('plane'), weights, expected: { step: 1, layer: 'loss' }, where: 'the loss.' };
}

/**
 * Outputs and loss finite (layer 1 outputs 1e38, layer 2 about 40, the prediction about
 * 160), but layer 2's weight gradient sums 1e38 x 40 over the batch: from the output
 * backwards, layer 3's gradients are finite and layer 2's are the first that are not.
 */
export function gradientCase(backend: 'cpu' | 'webgpu'): NonFiniteCase {
  const experiment = mlp('plane', [{ type: 'dense', units: 4 }, { type: 'dense', units: 4 }, { type: 'dense', units: 1 }], backend);
  const weights = [full(8, 0), full(4, 1e38), full(16, 1e-37), full(4, 0), full(4, 1), full(1, 0)];
  return { experiment, split: synthetic('plane'), weights, expected: { step: 1, layer: 'layer 2 (dense)' }, where: 'layer 2 (dense), in its gradient.' };
}

/**
 * No value non-finite at all: as gradientCase with layer 1 at 1e20, layer 2's weight
 * gradient is about 3e22, finite, but its square is not: Σg² overflows in layer 2.
 */
export function gradientNormCase(backend: 'cpu' | 'webgpu'): NonFiniteCase {
  const c = gradientCase(backend);
  c.weights[1] = full(4, 1e20);
  c.weights[2] = full(16, 1e-19);
  return { ...c, where: 'layer 2 (dense), in its gradient norm.' };
}

/** The spiral preset's shape with SGD at lr 10 and inputs scaled by 1e6: diverges within a few steps. */
export function divergingSpiral(backend: 'cpu' | 'webgpu'): { experiment: Experiment; split: Split } {
  const experiment = mlp('spiral', [{ type: 'dense', units: 16, activation: 'relu' }, { type: 'dense', units: 16, activation: 'relu' }, { type: 'dense', units: 2 }], backend);
  experiment.optimizer.lr = 10;
  const split = synthetic('spiral');
  split.train.x.forEach((v, i) => (split.train.x[i] = v * 1e6));
  return { experiment, split };
}

const finite = (v: ArrayLike<number>) => Array.prototype.every.call(v, Number.isFinite);

/**
 * The first non-finite step of plain SGD (no clipping, no dropout) from `initial`, found by
 * an eager CPU loop written from the definitions: the epoch's permutation, the batch, the
 * layers one by one, the loss, backward, w -= lr·g.
 */
export function firstNonFiniteByHand(experiment: Experiment, split: Split, initial: Float32Array[], maxSteps: number): { step: number; layer: string } | null {
  const b = createCpuBackend('f32');
  const model = buildModel(split.train.inputShape, experiment.model.layers);
  const params = initial.map((v, i) => Object.assign(b.upload(v, model.params[i].shape), { requiresGrad: true }));
  const { n, inputShape } = split.train;
  const B = experiment.training.batchSize;
  const perEpoch = Math.floor(n / B);
  const size = inputShape.reduce((a, c) => a * c, 1);
  for (let k = 1; k <= maxSteps; k++) {
    const order = epochPermutation(experiment.seed, Math.floor((k - 1) / perEpoch), n);
    const rows = Array.from(order.slice(((k - 1) % perEpoch) * B, ((k - 1) % perEpoch) * B + B));
    const found = tidy(() => {
      const x = b.upload(rows.flatMap((r) => Array.from(split.train.x.slice(r * size, (r + 1) * size))), [B, ...inputShape]);
      const yShape = split.train.task === 'regression' ? [B, 1] : [B];
      const y = b.upload(rows.map((r) => split.train.y[r]), yShape, split.train.task === 'regression' ? 'f32' : 'u32');
      let h: Tensor = x;
      let p = 0;
      for (const layer of model.layers) {
        h = layer.forward(h, params.slice(p, (p += layer.params.length)), [], { training: true, seed: experiment.seed, stream: k - 1 });
        if (!finite(b.readSync(h))) return layer.label;
      }
      const loss = lossOf(experiment.loss, h, y);
      if (!finite(b.readSync(loss))) return 'loss';
      const grads = backward(loss);
      for (let i = params.length - 1; i >= 0; i--) {
        if (!finite(b.readSync(grads.get(params[i])!))) return model.layers[model.paramLayer[i]].label;
      }
      for (const t of params) {
        const g = b.readSync(grads.get(t)!);
        b.write(t, b.readSync(t).map((w, j) => w - experiment.optimizer.lr * g[j]));
      }
      return null;
    });
    if (found) return { step: k, layer: found };
  }
  return null;
}
