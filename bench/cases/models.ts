// The training cases: model layers, initial weights and synthetic data, generated once on
// the CPU so that our engine and tfjs start from exactly the same numbers.
import { Rng } from '../../src/engine/random';
import { buildModel, type Model } from '../../src/nn/model';
import { layerSchema, type LayerSpec } from '../../src/spec/layers';

export interface TrainCase {
  name: string;
  kind: 'mlp' | 'cnn';
  inputShape: number[];
  layers: LayerSpec[];
  classes: number;
  batch: number;
  optimizer: 'adam' | 'sgd';
  lr: number;
  /** Distinct batches cycled through (the data lives on the device for both engines). */
  batches: number;
  /** Per parameter, in the model's order: shape and values. */
  weights: { name: string; shape: number[]; values: Float32Array }[];
  /** batches·batch samples, row-major NHWC (or [n, features]). */
  x: Float32Array;
  /** Class labels, batches·batch of them. */
  y: Uint32Array;
  /** FLOPs of one training step per sample: forward, weight and input gradients as computed (nn/shapes.ts trainingFlops). */
  stepFlops: number;
  model: Model;
}

const parse = (raw: object[]): LayerSpec[] => raw.map((l) => layerSchema.parse(l) as LayerSpec);

/** MLP 784-512-512-10 (relu), Adam. */
export function mlpCase(batch: number, seed = 7): TrainCase {
  const layers = parse([
    { type: 'dense', units: 512, activation: 'relu' },
    { type: 'dense', units: 512, activation: 'relu' },
    { type: 'dense', units: 10 },
  ]);
  return makeCase(`mlp adam b${batch}`, 'mlp', [784], layers, batch, 'adam', 1e-3, seed);
}

/**
 * MLP 784-128-10 (relu), Adam: a step small enough for the CPU backends' benchmark
 * (bench/wasm-node.ts). Named by its layers: `mlp adam bN` is mlpCase's 784-512-512-10.
 */
export function smallMlpCase(batch: number, seed = 7): TrainCase {
  const layers = parse([{ type: 'dense', units: 128, activation: 'relu' }, { type: 'dense', units: 10 }]);
  return makeCase(`mlp 784-128-10 adam b${batch}`, 'mlp', [784], layers, batch, 'adam', 1e-3, seed);
}

/** The small MNIST CNN: conv 5x5x8 relu, max pool 2, conv 5x5x16 relu, max pool 2, flatten, dense 10; SGD. */
export function cnnCase(batch: number, seed = 11): TrainCase {
  const layers = parse([
    { type: 'conv2d', filters: 8, kernelSize: 5, activation: 'relu' },
    { type: 'maxPool2d', poolSize: 2 },
    { type: 'conv2d', filters: 16, kernelSize: 5, activation: 'relu' },
    { type: 'maxPool2d', poolSize: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 10 },
  ]);
  return makeCase(`cnn sgd b${batch}`, 'cnn', [28, 28, 1], layers, batch, 'sgd', 0.05, seed);
}

/** The wide MLP where tfjs's big GEMMs are strongest: 784-4096-4096-10, Adam. */
export function mlpWideCase(batch: number, seed = 13): TrainCase {
  const layers = parse([
    { type: 'dense', units: 4096, activation: 'relu' },
    { type: 'dense', units: 4096, activation: 'relu' },
    { type: 'dense', units: 10 },
  ]);
  return makeCase(`mlp wide b${batch}`, 'mlp', [784], layers, batch, 'adam', 1e-4, seed);
}

/** A CIFAR-shaped CNN: 32x32x3, 3x3 convs of 32 and 64 channels each followed by max pool 2, dense 10; SGD. */
export function cnn3x3Case(batch: number, seed = 17): TrainCase {
  const layers = parse([
    { type: 'conv2d', filters: 32, kernelSize: 3, activation: 'relu' },
    { type: 'maxPool2d', poolSize: 2 },
    { type: 'conv2d', filters: 64, kernelSize: 3, activation: 'relu' },
    { type: 'maxPool2d', poolSize: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 10 },
  ]);
  return makeCase(`cnn3x3 sgd b${batch}`, 'cnn', [32, 32, 3], layers, batch, 'sgd', 0.02, seed);
}

function makeCase(
  name: string,
  kind: 'mlp' | 'cnn',
  inputShape: number[],
  layers: LayerSpec[],
  batch: number,
  optimizer: 'adam' | 'sgd',
  lr: number,
  seed: number,
): TrainCase {
  const model = buildModel(inputShape, layers);
  const rng = new Rng(seed);
  const weights = model.params.map((p) => ({ name: p.name, shape: p.shape, values: p.initial(rng) }));
  const batches = 4;
  const features = inputShape.reduce((a, b) => a * b, 1);
  const n = batches * batch;
  const classes = model.outputShape[model.outputShape.length - 1];
  // Learnable synthetic data: each class has a random prototype; samples are noisy copies
  // in [0, 1] like pixels, so the loss moves over the checked steps.
  const protos = Array.from({ length: classes }, () => Float32Array.from({ length: features }, () => rng.uniform()));
  const x = new Float32Array(n * features);
  const y = new Uint32Array(n);
  for (let s = 0; s < n; s++) {
    const c = rng.int(classes);
    y[s] = c;
    const p = protos[c];
    for (let f = 0; f < features; f++) x[s * features + f] = Math.min(1, Math.max(0, 0.6 * p[f] + 0.4 * rng.uniform()));
  }
  return {
    name,
    kind,
    inputShape,
    layers,
    classes,
    batch,
    optimizer,
    lr,
    batches,
    weights,
    x,
    y,
    stepFlops: model.summary.trainingFlops,
    model,
  };
}

/** Deterministic GEMM operands (values in [-0.5, 0.5]). */
export function gemmOperand(rows: number, cols: number, salt: number): Float32Array {
  const rng = new Rng(0x6e77 + salt);
  return Float32Array.from({ length: rows * cols }, () => rng.uniform() - 0.5);
}
