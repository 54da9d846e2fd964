import * as z from 'zod';
import {
  BACKENDS, DATASETS, FEATURES, LOSSES, MAX_JSON_DEPTH, MAX_LAYERS, datasetInfo, jsonValueDepth, layerLabel, layerSchema, modelInputShape,
  nestingMessage, parseExperiment, showShape,
} from '../spec';
import type { Experiment, Issue, LayerSpec, LossName, Task } from '../spec';
import { layerDef } from '../nn/layers/registry';
import { inferShapes } from '../nn/shapes';
import type { ShapeReport } from '../nn/shapes';
import { migrateExperiment } from './migrate';
import { checkLimits } from './limits';
import { builtInDataSize, checkBudget } from './budget';
import type { DeviceLimits } from './limits';

export type { DeviceLimits } from './limits';

export interface ValidateOptions {
  /** Input shape of one sample, when known better than the dataset table (a loaded csv). */
  inputShape?: number[];
  /** Number of classes, when known better than the dataset table (a loaded csv). */
  numClasses?: number;
  /** The adapter's limits; without them no buffer sizes are checked. */
  limits?: DeviceLimits;
  /** A memory budget in bytes and how to raise it; without it no budget is checked. */
  memoryBudget?: { bytes: number; raise: string };
}

export interface ValidationResult {
  /** Null when there is any error. */
  experiment: Experiment | null;
  errors: Issue[];
  warnings: Issue[];
  /** Per-layer shapes, parameters and FLOPs; null when the layers or input shape are unknown. */
  summary: ShapeReport | null;
  inputShape: number[] | null;
  task: Task | null;
  numClasses: number | null;
}

/** The parts the model checks need, taken from the raw input when the whole does not parse. */
interface ModelView {
  /** Every layer, or those before the first one that does not parse (then `cutShort`). */
  layers: LayerSpec[];
  cutShort?: boolean;
  dataset: (typeof DATASETS)[number];
  features?: (typeof FEATURES)[number][];
  csvTask?: Task;
  loss?: LossName;
  batchSize?: number;
  backend: (typeof BACKENDS)[number];
  earlyStoppingMetric?: string;
}

/**
 * Everything that can be checked before a run: migration, the schema, shape inference,
 * the last layer against the task and loss, and buffer sizes against the GPU's limits.
 */
export function validateExperiment(input: unknown, opts: ValidateOptions = {}): ValidationResult {
  const empty = { summary: null, inputShape: null, task: null, numClasses: null };
  // Parsers from outside already refuse deep JSON (parseExperimentJson); this also covers a
  // value handed over in code (the worker's message, the runner's overrides) before
  // migrations and the schema recurse into it.
  const depth = jsonValueDepth(input);
  if (depth > MAX_JSON_DEPTH) return { experiment: null, errors: [{ path: '', message: nestingMessage(depth) }], warnings: [], ...empty };
  const migrated = migrateExperiment(input);
  if (migrated.errors.length > 0) return { experiment: null, ...migrated, ...empty };
  const parsed = parseExperiment(migrated.value);
  const errors = [...parsed.errors];
  const warnings = [...migrated.warnings, ...parsed.warnings];
  const view = parsed.experiment ? fromExperiment(parsed.experiment) : partialView(migrated.value);
  if (!view) return { experiment: null, errors, warnings, ...empty };

  const info = datasetInfo(view.dataset);
  const inputShape = opts.inputShape ?? modelInputShape(view);
  const task = view.dataset === 'csv' ? view.csvTask ?? null : info.task;
  const numClasses = task === 'classification' ? opts.numClasses ?? info.numClasses : null;
  let summary: ShapeReport | null = null;
  if (inputShape) {
    summary = inferShapes(inputShape, view.layers);
    errors.push(...summary.errors);
    // A model cut short at its first broken layer ends there, not where the task needs it.
    if (summary.outputShape && !view.cutShort) errors.push(...checkTask(view, summary.outputShape, task, numClasses));
    if (opts.limits && view.backend === 'webgpu' && view.batchSize !== undefined) {
      errors.push(...checkLimits(summary, view.batchSize, view.layers, opts.limits));
    }
  }
  // A CSV's input shape is known once its file is loaded (the worker and the runner check the
  // layers then); saying so on every CSV link would be a warning nobody can act on.
  errors.push(...checkEarlyStopping(view, task));
  // Last, and only for an otherwise valid run: the memory budget (a CSV's data counts once loaded).
  if (opts.memoryBudget && errors.length === 0 && parsed.experiment && summary && inputShape) {
    const data = view.dataset === 'csv' ? null : builtInDataSize(view.dataset);
    const issue = checkBudget(summary, parsed.experiment, data, opts.memoryBudget.bytes, opts.memoryBudget.raise);
    if (issue) errors.push({ ...issue, kind: 'budget' });
  }
  warnings.push(...lastActivationWarnings(view));
  const experiment = errors.length === 0 ? parsed.experiment : null;
  return { experiment, errors, warnings, summary, inputShape, task, numClasses };
}

function fromExperiment(e: Experiment): ModelView {
  return {
    layers: e.model.layers, dataset: e.data.dataset, features: e.data.features, csvTask: e.data.csv?.task, loss: e.loss,
    batchSize: e.training.batchSize, backend: e.backend, earlyStoppingMetric: e.training.earlyStopping?.metric,
  };
}

const get = (v: unknown, key: string): unknown =>
  typeof v === 'object' && v !== null && Object.prototype.hasOwnProperty.call(v, key) ? (v as Record<string, unknown>)[key] : undefined;
const valid = <T>(schema: z.ZodType<T>, value: unknown): T | undefined => {
  const r = schema.safeParse(value);
  return r.success ? r.data : undefined;
};

/**
 * Model checks still run when an unrelated field (say the learning rate) is wrong, and the
 * shapes up to a broken layer (say 1.5 units) are still worked out: the page keeps showing
 * them, and the schema's error says what is wrong with that layer.
 */
function partialView(raw: unknown): ModelView | null {
  const rawLayers = get(get(raw, 'model'), 'layers');
  const dataset = valid(z.enum(DATASETS), get(get(raw, 'data'), 'dataset'));
  if (!Array.isArray(rawLayers) || rawLayers.length === 0 || !dataset) return null;
  const layers: LayerSpec[] = [];
  for (const l of rawLayers.slice(0, MAX_LAYERS)) {
    const layer = valid(layerSchema, l);
    if (!layer) break;
    layers.push(layer);
  }
  const cutShort = layers.length < rawLayers.length;
  const training = get(raw, 'training');
  return {
    layers, cutShort, dataset,
    features: valid(z.array(z.enum(FEATURES)).min(1), get(get(raw, 'data'), 'features')),
    csvTask: valid(z.enum(['classification', 'regression']), get(get(get(raw, 'data'), 'csv'), 'task')),
    loss: valid(z.enum(LOSSES), get(raw, 'loss')),
    batchSize: valid(z.int().min(1).max(65536), get(training, 'batchSize')),
    backend: valid(z.enum(BACKENDS), get(raw, 'backend')) ?? 'webgpu',
    earlyStoppingMetric: valid(z.string(), get(get(training, 'earlyStopping'), 'metric')),
  };
}

const CLASSIFICATION_LOSSES: readonly LossName[] = ['softmaxCrossEntropy', 'binaryCrossEntropy'];

function checkTask(view: ModelView, output: number[], task: Task | null, numClasses: number | null): Issue[] {
  const { loss, dataset } = view;
  if (!loss || !task) return [];
  if (task === 'classification' && !CLASSIFICATION_LOSSES.includes(loss)) {
    return [{ path: 'loss', message: `The loss ${loss} is for regression, but ${dataset} is a classification dataset; use softmaxCrossEntropy (or binaryCrossEntropy for two classes).` }];
  }
  if (task === 'regression' && CLASSIFICATION_LOSSES.includes(loss)) {
    return [{ path: 'loss', message: `The loss ${loss} is for classification, but ${dataset} is a regression dataset; use mse or huber.` }];
  }
  if (loss === 'binaryCrossEntropy' && numClasses !== null && numClasses !== 2) {
    return [{ path: 'loss', message: `binaryCrossEntropy needs two classes, but ${dataset} has ${numClasses}; use softmaxCrossEntropy.` }];
  }
  const wanted = loss === 'softmaxCrossEntropy' ? numClasses : 1;
  if (wanted === null) return [];
  const why = loss === 'softmaxCrossEntropy' ? `one score per class (${dataset} has ${wanted} classes)`
    : loss === 'binaryCrossEntropy' ? 'one logit for the positive class' : 'one value per target';
  return lastLayerSize(view.layers, output, wanted, `${loss} needs ${why}`);
}

function lastLayerSize(layers: LayerSpec[], output: number[], wanted: number, need: string): Issue[] {
  const index = layers.length - 1;
  const last = layers[index];
  const label = layerLabel(index, last.type);
  if (output.length !== 1) {
    return [{ path: `model.layers[${index}]`, message: `The model ends with ${label}, which gives ${showShape(output)}; ${need}, so end with a Flatten layer and a Dense layer of ${wanted} units.` }];
  }
  if (output[0] === wanted) return [];
  const field = layerDef(last.type).sizeField ?? null;
  const fix = field ? `set its ${field} to ${wanted}` : `end with a Dense layer of ${wanted} units`;
  return [{
    path: `model.layers[${index}]${field ? `.${field}` : ''}`,
    message: `The model ends with ${label}, which gives ${output[0]} outputs; ${need}, so ${fix}.`,
  }];
}

function checkEarlyStopping(view: ModelView, task: Task | null): Issue[] {
  if (view.earlyStoppingMetric === 'testAccuracy' && task === 'regression') {
    return [{ path: 'training.earlyStopping.metric', message: 'training.earlyStopping.metric testAccuracy needs a classification dataset; use testLoss for regression.' }];
  }
  return [];
}

/** The losses apply softmax / sigmoid themselves; doing it twice trains badly. */
function lastActivationWarnings(view: ModelView): Issue[] {
  if (view.cutShort) return [];
  const index = view.layers.length - 1;
  const activation = view.layers[index].activation;
  const doubled = (view.loss === 'softmaxCrossEntropy' && activation === 'softmax')
    || (view.loss === 'binaryCrossEntropy' && activation === 'sigmoid');
  if (!doubled) return [];
  return [{
    path: `model.layers[${index}].activation`,
    message: `${layerLabel(index, view.layers[index].type)} applies ${activation}, but ${view.loss} expects raw logits and applies it itself; remove that activation.`,
  }];
}
