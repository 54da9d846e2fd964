// The memory budget: what a run will hold at once, estimated from the shapes before any
// work, so that a valid-looking experiment (two dense layers of 65,536 units, a batch of
// 65,536) is refused with a sentence instead of exhausting the machine or the GPU.
//
// The estimate counts float32 storage the trainer allocates for a step:
// - parameters: weights + gradients + the optimizer's state slots + one snapshot (update
//   ratios for gradient health);
// - activations: each layer's output and its gradient at the batch size (both live during
//   backward), or a forward pass at the evaluation batch, whichever is larger;
// - data: the training and test sets as uploaded (inputs and targets).
// It ignores pooling of buffers and small uniforms: a floor, not a ceiling.
import { datasetInfo, layerLabel, type DatasetName, type Experiment, type Issue } from '../spec';
import type { Split } from '../data/types';
import { DEFAULT_SYNTHETIC_SAMPLES } from '../data/synthetic';
import type { ShapeReport } from '../nn/shapes';
import { stateSlots } from '../train/optimizer';
import { formatBytes } from './limits';
import { layerDef } from '../nn/layers/registry';

const F32 = 4;
/** The trainer evaluates in batches of this many samples (src/train). */
export const EVAL_BATCH = 1024;
/** Samples of the built-in image sets: the MNIST subset and the full Fashion-MNIST. */
const MNIST_SAMPLES = 10_000;
const FASHION_SAMPLES = 70_000;
/** The runner's default budget (`--max-memory`), in MiB. */
export const DEFAULT_MAX_MEMORY_MB = 2048;

export interface DataSize {
  /** Training plus test samples (validation rows are not uploaded). */
  samples: number;
  /** Values per sample: inputs plus targets. */
  valuesPerSample: number;
}

export interface MemoryEstimate {
  total: number;
  parameters: number;
  /** The larger of `training` and `evaluation`: both never run at once. */
  activations: number;
  /** Outputs and their gradients at the training batch size. */
  training: number;
  /** Forward outputs at the evaluation batch size (no gradients). */
  evaluation: number;
  data: number;
  /** The layer that holds the most (its parameters and activations), if any. */
  largest: { index: number; bytes: number } | null;
}

export function estimateMemory(
  summary: ShapeReport,
  experiment: Pick<Experiment, 'optimizer' | 'training' | 'model'>,
  data: DataSize | null,
): MemoryEstimate {
  const copies = 3 + stateSlots(experiment.optimizer); // weights, gradients, snapshot, slots
  const batch = experiment.training.batchSize;
  let parameters = 0;
  let training = 0;
  let evaluation = 0;
  let largest: MemoryEstimate['largest'] = null;
  for (const row of summary.layers) {
    // Layers whose output is a view of their input (flatten, reshape) store nothing of their own.
    const view = layerDef(row.type).outputIsView === true;
    const outputs = row.outputShape && !view ? row.outputShape.reduce((a, b) => a * b, 1) : 0;
    const params = row.params * F32 * copies;
    const train = batch * outputs * F32 * 2;
    const evaluate = EVAL_BATCH * outputs * F32;
    parameters += params;
    training += train;
    evaluation += evaluate;
    const bytes = params + Math.max(train, evaluate);
    if (!largest || bytes > largest.bytes) largest = { index: row.index, bytes };
  }
  const activations = Math.max(training, evaluation);
  const dataBytes = data ? data.samples * data.valuesPerSample * F32 : 0;
  return { total: parameters + activations + dataBytes, parameters, activations, training, evaluation, data: dataBytes, largest };
}

/**
 * An issue when the estimate exceeds `budgetBytes`: it names the total, its parts, the
 * layer that holds the most, the budget and how to raise it (`raise` says where).
 */
export function checkBudget(
  summary: ShapeReport,
  experiment: Pick<Experiment, 'optimizer' | 'training' | 'model'>,
  data: DataSize | null,
  budgetBytes: number,
  raise: string,
): Issue | null {
  const e = estimateMemory(summary, experiment, data);
  if (e.total <= budgetBytes) return null;
  const activations = e.training >= e.evaluation
    ? `activations at batch ${experiment.training.batchSize} ${formatBytes(e.activations)}`
    : `activations while evaluating in batches of ${EVAL_BATCH} ${formatBytes(e.activations)}`;
  const parts = [`parameters with gradients and optimizer state ${formatBytes(e.parameters)}`, activations, ...(data ? [`data ${formatBytes(e.data)}`] : [])];
  const largest = e.largest && !(e.data > e.parameters && e.data > e.activations) ? `; the largest part is ${layerLabel(e.largest.index, experiment.model.layers[e.largest.index]?.type)} (${formatBytes(e.largest.bytes)})` : '';
  // Just over the budget must not read "2.0 GiB, over the budget of 2.0 GiB".
  const digits = formatBytes(e.total) === formatBytes(budgetBytes) ? 3 : 1;
  const [need, budget] = [formatBytes(e.total, digits), formatBytes(budgetBytes, digits)];
  // What to change: the batch size when training activations dominate (evaluation batches
  // are fixed), the data when it dominates, else the layer that holds the most.
  const byBatch = e.training >= e.evaluation && e.activations >= e.parameters && e.activations >= e.data;
  const byData = !byBatch && e.data > e.parameters && e.data > e.activations;
  const fix = byBatch ? 'lower training.batchSize or make the layers smaller' : byData ? 'use a smaller dataset' : 'make the layers smaller';
  return {
    path: byBatch ? 'training.batchSize' : byData ? 'data' : e.largest ? `model.layers[${e.largest.index}]` : 'model.layers',
    message: `This run needs about ${need} (${parts.join(', ')})${largest}, over the memory budget of ${budget}; ${fix}, or ${raise}.`,
  };
}

/** The size of a loaded split as the trainer uploads it (training and test sets). */
export function dataSizeOf(split: Pick<Split, 'train' | 'test'>): DataSize {
  const samples = split.train.n + split.test.n;
  const values = split.train.x.length + split.train.y.length + split.test.x.length + split.test.y.length;
  return { samples, valuesPerSample: samples ? values / samples : 0 };
}

/** Built-in datasets' sizes before loading (null for csv: known once its file is read). */
export function builtInDataSize(dataset: DatasetName): DataSize | null {
  const info = datasetInfo(dataset);
  if (!info.inputShape) return null;
  const samples = dataset === 'mnist' ? MNIST_SAMPLES : dataset === 'fashion-mnist' ? FASHION_SAMPLES : DEFAULT_SYNTHETIC_SAMPLES;
  // One target value per sample: a class index, or the regression target of a 2-D set.
  return { samples, valuesPerSample: info.inputShape.reduce((a, b) => a * b, 1) + 1 };
}
