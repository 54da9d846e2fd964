import { experimentSchema } from '../spec';
import type { Experiment, ExperimentInput, LayerSpecInput } from '../spec';

// Guided lessons: each a prepared experiment, a few sentences on what to try and what to look
// for, and the view that shows it. Pure data, one row per lesson: the page lists them in the
// Lessons menu, and `npx vite-node scripts/measure-lessons.ts` trains each lesson and its
// `tryIt` variant to check that what the text promises happens (docs/lessons.md has the figures).
// Each experiment is parsed by the schema at load (and fully validated by lessons.test.ts).

/** Where the page shows what the lesson is about: a panel the page scrolls to. */
export type LessonView = 'charts' | 'health' | 'histograms' | 'lrFinder' | 'speed' | 'model' | 'boundary' | 'robustness';

export interface Lesson {
  id: string;
  title: string;
  /** What to try and what to look for, in a few sentences. */
  text: string;
  view: LessonView;
  experiment: Experiment;
  /** The change the text asks for, made for you (measured next to the lesson's own run). */
  tryIt: { label: string; experiment: Experiment };
}

type Input = Omit<ExperimentInput, 'version' | 'model'> & { layers: LayerSpecInput[] };

function make({ layers, ...rest }: Input): Experiment {
  return experimentSchema.parse({ version: 1, seed: 1234, backend: 'webgpu', schedule: { type: 'constant' }, ...rest, model: { layers } });
}

/** The lesson's experiment with a change applied (a fresh copy). */
function changed(e: Experiment, change: (copy: Experiment) => void): Experiment {
  const copy = structuredClone(e);
  change(copy);
  return experimentSchema.parse(copy);
}

const dense = (units: number, activation?: LayerSpecInput['activation']): LayerSpecInput =>
  activation ? { type: 'dense', units, activation } : { type: 'dense', units };

const normalise = make({
  seed: 1234,
  data: { dataset: 'mnist', trainFraction: 0.5, normalize: 'none' },
  layers: [{ type: 'flatten' }, dense(64, 'relu'), dense(10)],
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'sgd', lr: 0.01 },
  training: { batchSize: 32, epochs: 1 },
});

const sigmoidDeep = make({
  data: { dataset: 'circle', noise: 0.1, trainFraction: 0.5, normalize: 'standard' },
  layers: [dense(8, 'sigmoid'), dense(8, 'sigmoid'), dense(8, 'sigmoid'), dense(8, 'sigmoid'), dense(8, 'sigmoid'), dense(8, 'sigmoid'), dense(2)],
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'sgd', lr: 0.1 },
  training: { batchSize: 16, epochs: 20 },
});

const highLr = make({
  data: { dataset: 'spiral', noise: 0.1, trainFraction: 0.5, normalize: 'standard' },
  layers: [dense(32, 'relu'), dense(32, 'relu'), dense(32, 'relu'), dense(2)],
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'sgd', lr: 1 },
  training: { batchSize: 32, epochs: 40 },
});

const withBatchNorm = changed(highLr, (e) => {
  e.model.layers = [
    { type: 'dense', units: 32 }, { type: 'batchNorm' }, { type: 'activation', activation: 'relu' },
    { type: 'dense', units: 32 }, { type: 'batchNorm' }, { type: 'activation', activation: 'relu' },
    { type: 'dense', units: 32 }, { type: 'batchNorm' }, { type: 'activation', activation: 'relu' },
    { type: 'dense', units: 2 },
  ] as Experiment['model']['layers'];
});

const constantLr = make({
  data: { dataset: 'mnist', trainFraction: 0.5, normalize: 'scale' },
  layers: [{ type: 'flatten' }, dense(64, 'relu'), dense(10)],
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'adam', lr: 0.01 },
  training: { batchSize: 32, epochs: 3 },
});

const sgdMomentum = make({
  data: { dataset: 'spiral', noise: 0.1, trainFraction: 0.5, normalize: 'standard' },
  layers: [dense(16, 'relu'), dense(16, 'relu'), dense(2)],
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'momentum', lr: 0.01, momentum: 0.9 },
  training: { batchSize: 16, epochs: 30 },
});

const overfit = make({
  data: { dataset: 'mnist', trainFraction: 0.1, normalize: 'scale' },
  layers: [{ type: 'flatten' }, dense(256, 'relu'), dense(10)],
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'adam', lr: 0.001 },
  training: { batchSize: 32, epochs: 30, evalEvery: 5 },
});

const smallCnn = (conv: 'conv2d' | 'separableConv2d') => make({
  data: { dataset: 'mnist', trainFraction: 0.3, normalize: 'scale' },
  layers: [
    { type: conv, filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' },
    { type: 'maxPool2d', poolSize: 2 },
    { type: conv, filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' },
    { type: 'maxPool2d', poolSize: 2 },
    { type: 'flatten' },
    dense(10),
  ],
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'adam', lr: 0.002 },
  training: { batchSize: 32, epochs: 1 },
});

const smallBatch = make({
  data: { dataset: 'mnist', trainFraction: 0.5, normalize: 'scale' },
  layers: [{ type: 'flatten' }, dense(256, 'relu'), dense(10)],
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'adam', lr: 0.001 },
  training: { batchSize: 8, epochs: 1 },
});

// The plain MLP of the robustness presets (docs/robustness.md) for two epochs, so that the
// plain run and its adversarially trained variant each take about a minute on the CPU backend.
const plainMlp = make({
  data: { dataset: 'mnist', trainFraction: 0.8, normalize: 'scale' },
  layers: [{ type: 'flatten' }, dense(128, 'relu'), dense(10)],
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'adam', lr: 0.001 },
  training: { batchSize: 64, epochs: 2 },
});

export const lessons: readonly Lesson[] = [
  {
    id: 'normalise', title: 'Why normalise inputs', view: 'charts',
    text: 'MNIST pixels go from 0 to 255, and this run feeds them in unscaled (Normalisation: none) to plain SGD. Train it and look at the Loss chart: the first losses are in the thousands, and after one epoch the test accuracy is poor. Set Normalisation to standard (zero mean, unit variance per pixel) and train again with the same learning rate: the loss starts near 2.3 (ln 10, a fair guess among ten classes), falls smoothly, and the accuracy is far higher. Unscaled inputs make the first layer\u2019s outputs and gradients hundreds of times too large, so the same step size overshoots.',
    experiment: normalise,
    tryIt: { label: 'Normalisation: standard', experiment: changed(normalise, (e) => { e.data.normalize = 'standard'; }) },
  },
  {
    id: 'vanishing', title: 'Vanishing gradients: sigmoid vs ReLU', view: 'health',
    text: 'Six sigmoid layers on the circle. Train and open Gradient health: the first layer\u2019s gradient norm is orders of magnitude below the last layer\u2019s (each sigmoid passes back at most a quarter of the gradient), and the accuracy sits near 50%. Set every hidden layer\u2019s Activation to ReLU and train again: the gradients reach the first layer and the circle is learnt.',
    experiment: sigmoidDeep,
    tryIt: { label: 'Activation: ReLU', experiment: changed(sigmoidDeep, (e) => { for (const l of e.model.layers.slice(0, -1)) (l as { activation?: string }).activation = 'relu'; }) },
  },
  {
    id: 'batchnorm', title: 'Batch norm lets you raise the learning rate', view: 'charts',
    text: 'Plain SGD at learning rate 1 on the spiral, three ReLU layers without normalisation: train and watch the loss jump about and the accuracy stall. Then put a Batch Norm between each Dense and its ReLU (the variant below does it) and train again at the same learning rate: batch norm keeps every layer\u2019s inputs at a steady scale, so the large steps stay stable and the spiral is learnt.',
    experiment: highLr,
    tryIt: { label: 'Batch Norm after each Dense', experiment: withBatchNorm },
  },
  {
    id: 'schedules', title: 'Learning-rate schedules', view: 'charts',
    text: 'Adam at a high learning rate (0.01) on MNIST digits, held constant. Train and look at the Loss chart: it falls fast, then stays noisy at a level it cannot get below, because each step is as large as the first. Set Schedule to Cosine and train again: the Learning rate chart shows the rate easing to zero over the run, and the training loss ends clearly lower, with a slightly better test accuracy. Large steps early, small steps late.',
    experiment: constantLr,
    tryIt: { label: 'Schedule: cosine', experiment: changed(constantLr, (e) => { e.schedule = { type: 'cosine', warmupSteps: 0 }; }) },
  },
  {
    id: 'optimizers', title: 'Adam vs SGD with momentum', view: 'charts',
    text: 'SGD with momentum 0.9 at learning rate 0.01 on the spiral: train and note the accuracy after 30 epochs. Set Optimizer to Adam (same learning rate) and train again: Adam scales each weight\u2019s step by its own gradient history, so it gets much further in the same number of steps. Compare the two runs in the run history.',
    experiment: sgdMomentum,
    tryIt: { label: 'Optimizer: Adam', experiment: changed(sgdMomentum, (e) => { e.optimizer = { type: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, l1: 0, l2: 0 }; }) },
  },
  {
    id: 'augmentation', title: 'Augmentation against overfitting', view: 'charts',
    text: 'A wide MLP on only 1,000 MNIST digits (Train fraction 0.1) for 30 epochs: train and look at the Accuracy chart: the training accuracy reaches 100% while the test accuracy stays about ten points lower (it memorises the images). Set Shift (pixels) under Augmentation to 2 and train again: every epoch now sees the digits moved a little, the training accuracy stays below 100%, the gap to the test accuracy narrows and the test accuracy and test loss improve.',
    experiment: overfit,
    tryIt: { label: 'Shift (pixels): 2', experiment: changed(overfit, (e) => { e.data.augment.shift = 2; }) },
  },
  {
    id: 'separable', title: 'Depthwise-separable convolutions: fewer FLOPs, similar accuracy', view: 'model',
    text: 'A small CNN on MNIST digits. Look at the model: each layer\u2019s parameters and FLOPs, and the totals under it. Change both Conv2D layers to Separable Conv2D (the variant below does it) and look again: a depthwise 3x3 filter per channel followed by a 1x1 mix needs about a sixth of the FLOPs per sample and a fraction of the convolution weights. Train both for one epoch and compare the test accuracy and the samples per second: with one filter per channel the separable network may start more slowly, and how much of the FLOP saving turns into speed depends on how well the backend runs depthwise kernels.',
    experiment: smallCnn('conv2d'),
    tryIt: { label: 'Separable Conv2D', experiment: smallCnn('separableConv2d') },
  },
  {
    id: 'batchsize', title: 'GPU vs CPU and the batch size', view: 'speed',
    text: 'An MLP on MNIST digits at batch size 8. Train and read the Throughput chart: samples per second, ms per step and the dispatches, submits and readbacks of each step. Every step costs the same fixed overhead (a round of kernel launches and one submit) whatever the batch, so small batches leave the GPU waiting. Set Batch size to 256 and train again: the samples per second rise, but one epoch is now far fewer steps and ends at a lower accuracy. In the Speed panel, race WebGPU against the CPU and sweep the batch size to see where your GPU pulls ahead.',
    experiment: smallBatch,
    tryIt: { label: 'Batch size: 256', experiment: changed(smallBatch, (e) => { e.training.batchSize = 256; }) },
  },
  {
    id: 'adversarial', title: 'Adversarial training: clean vs robust accuracy', view: 'robustness',
    text: 'A plain MLP on MNIST digits. Train it, then in Robustness press Measure robustness: FGSM moves every pixel by at most \u03b5 (0 to 0.3 of the pixel range) along the sign of the loss gradient, and the test accuracy collapses as \u03b5 grows although the digits look unchanged. Now use the variant below, which replaces half of each batch by FGSM examples at \u03b5 = 0.1 (Adversarial training under Training), train again and measure again: with the first run ticked Compare in Run history, the chart draws both curves. Compare the clean accuracy (\u03b5 = 0), the accuracy under attack at \u03b5 = 0.1 and beyond, and the samples per second: the hardened model holds up far better near the \u03b5 it was trained at, for a slower step and a little clean accuracy.',
    experiment: plainMlp,
    tryIt: { label: 'FGSM adversarial training', experiment: changed(plainMlp, (e) => { e.training.adversarial = { method: 'fgsm', epsilon: 0.1, fraction: 0.5 }; }) },
  },
];

export function findLesson(id: string): Lesson | undefined {
  return lessons.find((l) => l.id === id);
}
