// The page's words for the experiment's fields outside the layers: the label each control
// shows and the one-line explanation it gives on hover or focus, keyed by the field's spec
// path. Layer fields have theirs in the layer registry (src/nn/layers: label and help of
// each field). Page messages (issue-words.ts) name fields by these labels, so a control and
// the sentences about it always use the same words.

export interface FieldWords {
  label: string;
  /** One sentence: what the setting does and why it matters. */
  help: string;
}

export const FIELD_WORDS = {
  'data.dataset': { label: 'Dataset', help: 'The data to learn from; choosing another adapts the model\u2019s input, output and loss to it (with Undo).' },
  'data.noise': { label: 'Noise', help: 'How much the synthetic points scatter around their pattern; more noise makes the task harder.' },
  'data.trainFraction': { label: 'Train fraction', help: 'The share of samples used for training; the rest (less the validation share) is the test split.' },
  'data.validationFraction': { label: 'Validation fraction', help: 'A share held out from both training and test, for early stopping; empty means none.' },
  'data.normalize': { label: 'Normalisation', help: 'Rescales the inputs (standard: zero mean, unit variance); unscaled inputs make gradients uneven and training slow.' },
  'data.augment.shift': { label: 'Shift (pixels)', help: 'Images only: moves each training image by up to this many pixels at random, more varied data against overfitting.' },
  'data.augment.flip': { label: 'Horizontal flip', help: 'Images only: mirrors half the training images at random (for images whose meaning survives a mirror).' },
  'data.augment.noise': { label: 'Input noise', help: 'Images only: adds Gaussian noise of this size to every training image, a simple regulariser.' },
  'data.features': { label: 'Input features', help: 'Which functions of x1 and x2 the model gets; products and squares make curved boundaries easy.' },
  'data.csv.file': { label: 'CSV file', help: 'A table with a header row; every column but the target becomes an input.' },
  'data.csv.target': { label: 'Target column', help: 'The column the model predicts.' },
  'data.csv.task': { label: 'Task', help: 'Classification predicts a class per row; regression predicts a number.' },
  loss: { label: 'Loss', help: 'What training minimises: cross-entropy for classes, squared or Huber error for numbers.' },
  huberDelta: { label: 'Huber delta', help: 'Errors below this count squared, larger ones linearly, so outliers pull less.' },
  'optimizer.type': { label: 'Optimizer', help: 'The rule that turns gradients into weight updates (SGD, momentum, Adam\u2026).' },
  'optimizer.lr': { label: 'Learning rate', help: 'The step size of each update; too high diverges, too low crawls. Changes apply live.' },
  'optimizer.momentum': { label: 'Momentum', help: 'How much of the previous update carries into the next: smooths noisy gradients. Changes apply live.' },
  'optimizer.beta1': { label: 'Beta 1', help: 'Adam\u2019s decay of the running mean of gradients (its momentum).' },
  'optimizer.beta2': { label: 'Beta 2', help: 'Adam\u2019s decay of the running mean of squared gradients (its per-weight step scale).' },
  'optimizer.eps': { label: 'Epsilon', help: 'A small number added to the denominator so that steps stay finite.' },
  'optimizer.weightDecay': { label: 'Weight decay', help: 'Shrinks every weight a little each step, against overfitting. Changes apply live.' },
  'optimizer.l1': { label: 'L1 penalty', help: 'Adds this times the sum of |w| to the loss: pushes weights to exactly zero.' },
  'optimizer.l2': { label: 'L2 penalty', help: 'Adds this times the sum of w\u00b2 to the loss: keeps weights small.' },
  'schedule.type': { label: 'Schedule', help: 'How the learning rate changes over the run: constant, in steps, exponentially, or along a cosine.' },
  'schedule.warmupSteps': { label: 'Warmup steps', help: 'The learning rate rises from 0 over these first steps, which steadies the start.' },
  'schedule.stepSize': { label: 'Step size', help: 'Steps between two decays of the learning rate.' },
  'schedule.gamma': { label: 'Gamma', help: 'The factor the learning rate is multiplied by at each decay.' },
  'training.batchSize': { label: 'Batch size', help: 'Samples per step: larger batches give smoother gradients and keep a GPU busier.' },
  'training.epochs': { label: 'Epochs', help: 'How many times training goes through the whole training split.' },
  'training.evalEvery': { label: 'Eval every (epochs)', help: 'Epochs between two measurements on the test split.' },
  'training.clipGradNorm': { label: 'Clip gradient norm', help: 'Scales the gradient down when its overall length exceeds this, so one bad batch cannot blow up the weights.' },
  'training.targetLoss': { label: 'Target loss', help: 'Stops the run once the training loss falls below this.' },
  'training.earlyStopping': { label: 'Stop early', help: 'Stops when the watched metric has not improved for a number of evaluations.' },
  'training.earlyStopping.metric': { label: 'Metric', help: 'What early stopping watches: the test loss or the test accuracy.' },
  'training.earlyStopping.patience': { label: 'Patience (evaluations)', help: 'Evaluations without improvement before stopping.' },
  'training.adversarial': { label: 'Adversarial training', help: 'Replaces part of each batch by adversarial examples (FGSM: one signed-gradient step; PGD: several) made against the current weights: slower steps, a model harder to fool.' },
  'training.adversarial.method': { label: 'Adversarial training', help: 'Off, FGSM (one step of size \u03b5 along the sign of the input gradient) or PGD (several smaller steps kept within \u03b5).' },
  'training.adversarial.epsilon': { label: 'Adversarial \u03b5', help: 'How far the attack may move each input: raw pixels scaled to [0, 1] for images (0.1 is about 25 grey levels), normalised units for points.' },
  'training.adversarial.steps': { label: 'PGD steps', help: 'PGD\u2019s steps per adversarial example (empty: 10); each costs one more forward and backward pass.' },
  'training.adversarial.stepSize': { label: 'PGD step size', help: 'The size of each PGD step in the units of \u03b5 (empty: 2.5\u00b7\u03b5 / steps).' },
  'training.adversarial.fraction': { label: 'Adversarial fraction', help: 'The share of each batch replaced by adversarial examples; the rest stays clean so clean accuracy is kept.' },
  seed: { label: 'Seed', help: 'Fixes the data order, initial weights and dropout masks: the same seed gives the same run.' },
  backend: { label: 'Backend', help: 'Where training runs: WebGPU on the graphics card; on the CPU with WebAssembly SIMD kernels (for browsers without WebGPU: slower; its matrix products use up to 4 threads where the page is cross-origin isolated); or the exact TypeScript reference (slowest).' },
} as const satisfies Record<string, FieldWords>;

export type FieldPath = keyof typeof FIELD_WORDS;

/** Terms the run views use, each with one line for people. */
export const TERM_WORDS = {
  'Update ratio': 'How much a step changes a layer\u2019s weights relative to their size; around 0.001 is healthy, far above or below means the learning rate is off.',
  'Gradient norm': 'The length of a layer\u2019s gradient: near zero it has stopped learning (vanishing), huge it is exploding.',
  'Clip gradient norm': FIELD_WORDS['training.clipGradNorm'].help,
  readbacks: 'Copies from the GPU back to the page; each one makes the page wait for the GPU, so fewer is faster.',
  dispatches: 'Kernel launches on the GPU; a compiled step replays them all in one submission.',
  submits: 'Batches of GPU work handed to the driver; one per training step when the step is compiled.',
} as const satisfies Record<string, string>;

export function fieldWords(path: FieldPath): FieldWords {
  return FIELD_WORDS[path];
}
