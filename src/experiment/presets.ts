import { experimentSchema } from '../spec';
import type { Experiment, ExperimentInput, LayerSpecInput } from '../spec';

// Ready experiments for the menu and the CLI (`npm run train -- spiral`). Each is parsed by
// the schema at load, so a preset can never drift out of the format; presets.test.ts also
// runs the full validator and checks their shapes by hand.

export interface Preset {
  name: string;
  title: string;
  /** One line for the menu. */
  description: string;
  experiment: Experiment;
}

type Parts = Pick<ExperimentInput, 'data' | 'loss' | 'optimizer' | 'training'> & Partial<ExperimentInput>;

function make(parts: Parts, layers: LayerSpecInput[]): Experiment {
  return experimentSchema.parse({ version: 1, seed: 1234, schedule: { type: 'constant' }, backend: 'webgpu', ...parts, model: { layers } });
}

/** A TensorFlow-Playground-sized problem on 2-D points. */
function points(dataset: 'circle' | 'xor' | 'gauss' | 'spiral' | 'plane' | 'multigauss', extra: Partial<Parts> = {}): Parts {
  const regression = dataset === 'plane' || dataset === 'multigauss';
  return {
    data: { dataset, noise: 0.1, trainFraction: 0.5, normalize: 'none' },
    loss: regression ? 'mse' : 'softmaxCrossEntropy',
    optimizer: { type: 'adam', lr: 0.01 },
    training: { batchSize: 10, epochs: 50 },
    ...extra,
  };
}

const dense = (units: number, activation?: LayerSpecInput['activation']): LayerSpecInput =>
  activation ? { type: 'dense', units, activation } : { type: 'dense', units };

/** MNIST-style 28x28x1 images: pixels scaled to [0, 1], a few epochs of Adam. */
function images(dataset: 'mnist' | 'fashion-mnist', batchSize = 64): Parts {
  return {
    data: { dataset, trainFraction: 0.8, normalize: 'scale' },
    loss: 'softmaxCrossEntropy',
    optimizer: { type: 'adam', lr: 0.001 },
    training: { batchSize, epochs: 5 },
  };
}

// TensorFlow's layers tutorial CNN (conv 5x5x32, pool, conv 5x5x64, pool, dense 1024, dropout 0.4).
function tutorialCnn(conv: 'conv2d' | 'separableConv2d'): LayerSpecInput[] {
  return [
    { type: conv, filters: 32, kernelSize: 5, padding: 'same', activation: 'relu' },
    { type: 'maxPool2d', poolSize: 2 },
    { type: conv, filters: 64, kernelSize: 5, padding: 'same', activation: 'relu' },
    { type: 'maxPool2d', poolSize: 2 },
    { type: 'flatten' },
    dense(1024, 'relu'),
    { type: 'dropout', rate: 0.4 },
    dense(10),
  ];
}

export const presets: readonly Preset[] = [
  {
    name: 'spiral', title: 'Spiral',
    description: 'Two interleaved spirals: two hidden tanh layers learn a curved boundary.',
    experiment: make(points('spiral'), [dense(16, 'tanh'), dense(16, 'tanh'), dense(2)]),
  },
  {
    name: 'circle', title: 'Circle',
    description: 'A ring around a disc: one small hidden layer is enough.',
    experiment: make(points('circle'), [dense(4, 'tanh'), dense(2)]),
  },
  {
    name: 'xor', title: 'Exclusive or',
    description: 'Four quadrants, opposite ones alike: one output logit with binary cross-entropy.',
    experiment: make(points('xor', { loss: 'binaryCrossEntropy' }), [dense(8, 'relu'), dense(1)]),
  },
  {
    name: 'gauss', title: 'Two Gaussians',
    description: 'Two separable clouds: the simplest classifier there is.',
    experiment: make(points('gauss', { optimizer: { type: 'sgd', lr: 0.03 } }), [dense(2, 'tanh'), dense(2)]),
  },
  {
    name: 'plane', title: 'Plane (regression)',
    description: 'Fit a tilted plane with mean squared error.',
    experiment: make(points('plane'), [dense(4, 'tanh'), dense(1)]),
  },
  {
    name: 'multigauss', title: 'Multi-Gaussian (regression)',
    description: 'Fit a bumpy surface made of Gaussians with mean squared error.',
    experiment: make(points('multigauss'), [dense(16, 'tanh'), dense(16, 'tanh'), dense(1)]),
  },
  {
    name: 'mnist-mlp', title: 'MNIST digits, MLP',
    description: 'Handwritten digits with one hidden layer of 128 ReLU units.',
    experiment: make(images('mnist'), [{ type: 'flatten' }, dense(128, 'relu'), dense(10)]),
  },
  {
    // The lesson of docs/robustness.md: compare with mnist-mlp under --attack fgsm.
    name: 'mnist-mlp-adversarial', title: 'Hardened MNIST MLP (adversarial training)',
    description: 'The MNIST MLP trained with half of each batch replaced by FGSM examples at ε = 0.1.',
    experiment: make(
      { ...images('mnist'), training: { ...images('mnist').training, adversarial: { method: 'fgsm', epsilon: 0.1, fraction: 0.5 } } },
      [{ type: 'flatten' }, dense(128, 'relu'), dense(10)],
    ),
  },
  {
    name: 'mnist-cnn', title: 'MNIST digits, small CNN',
    description: 'The TensorFlow.js digits CNN: two 5x5 convolutions with max pooling.',
    experiment: make(images('mnist'), [
      { type: 'conv2d', filters: 8, kernelSize: 5, activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'conv2d', filters: 16, kernelSize: 5, activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'flatten' },
      dense(10),
    ]),
  },
  {
    name: 'fashion-mlp', title: 'Fashion-MNIST, MLP',
    description: 'The Fashion-MNIST benchmark MLP: 256-128-100 ReLU units.',
    experiment: make(images('fashion-mnist'), [
      { type: 'flatten' }, dense(256, 'relu'), dense(128, 'relu'), dense(100, 'relu'), dense(10),
    ]),
  },
  {
    name: 'fashion-cnn', title: 'Fashion-MNIST, CNN',
    description: 'The TensorFlow layers tutorial CNN: 5x5 convolutions, a 1024-unit layer and dropout.',
    experiment: make(images('fashion-mnist'), tutorialCnn('conv2d')),
  },
  {
    name: 'fashion-separable', title: 'Fashion-MNIST, separable CNN',
    description: 'The same CNN with separable convolutions: far fewer convolution weights and FLOPs.',
    experiment: make(images('fashion-mnist'), tutorialCnn('separableConv2d')),
  },
  // Transfer learning in two steps (docs/transfer.md): the same layers, so every tensor of
  // step 1's weights has its name and shape in step 2's model.
  {
    name: 'transfer-mnist', title: 'Transfer: MNIST → Fashion-MNIST, step 1',
    description: 'Step 1 of 2: trains the digits MLP on MNIST; its weights are reused in step 2.',
    experiment: make({ ...images('mnist'), training: { batchSize: 64, epochs: 1 } }, transferLayers(true)),
  },
  {
    name: 'transfer-fashion', title: 'Transfer: MNIST → Fashion-MNIST, step 2',
    description: 'Step 2 of 2: load the weights of step 1, then train only the last layer on Fashion-MNIST.',
    experiment: make({ ...images('fashion-mnist'), training: { batchSize: 64, epochs: 1 } }, transferLayers(false)),
  },
];

/** The transfer lesson's MLP; in step 2 its hidden layer is frozen, so only the last layer learns. */
function transferLayers(trainable: boolean): LayerSpecInput[] {
  const hidden = dense(128, 'relu');
  return [{ type: 'flatten' }, trainable ? hidden : { ...hidden, trainable: false }, dense(10)];
}

/** A preset by name, with a fresh copy of its experiment (safe to edit); undefined if none. */
export function findPreset(name: string): Preset | undefined {
  const preset = presets.find((p) => p.name === name);
  return preset && { ...preset, experiment: structuredClone(preset.experiment) };
}
