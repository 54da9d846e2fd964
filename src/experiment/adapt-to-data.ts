import { datasetInfo, isPointDataset, isImageDataset, modelInputShape } from '../spec';
import type { DataSpec, DatasetName, Experiment, LayerSpec, LossName } from '../spec';
import { layerDef } from '../nn/layers/registry';
import { inferShapes } from '../nn/shapes';

// When a person picks another dataset in the page, the model and loss are made to fit it:
// the input (a Flatten before the first dense for images, a small MLP for a convolutional
// model on 2-D points), the output (one unit per class, or one value for regression) and the
// loss (softmax cross-entropy for classification, MSE for regression). Pure: the page shows
// `changes` and keeps the previous experiment for Undo. Links, files, presets and stored runs
// never pass through here: they open exactly as written.

export interface Adaptation {
  experiment: Experiment;
  /** What changed, one sentence each; empty when the model already fitted. */
  changes: string[];
}

const CLASSIFICATION_LOSSES: readonly LossName[] = ['softmaxCrossEntropy', 'binaryCrossEntropy'];
const name = (layer: LayerSpec) => layerDef(layer.type).palette.name;
const at = (index: number, layer: LayerSpec) => `layer ${index + 1} (${name(layer)})`;

/** Augmentation that does nothing (the trainer augments image batches only). */
export const NO_AUGMENT: DataSpec['augment'] = { shift: 0, flip: false, noise: 0 };

/**
 * The data part after choosing `dataset`: input features belong to the 2-D point sets only
 * (another dataset drops them: they would be an error there); augmentation to the image sets
 * (another dataset turns it off: it would do nothing there).
 */
export function dataFor(data: DataSpec, dataset: DatasetName): DataSpec {
  const { features: _features, ...rest } = data;
  const next = { ...(isPointDataset(dataset) ? data : rest), dataset };
  return isImageDataset(dataset) ? next : { ...next, augment: NO_AUGMENT };
}

/** The loss that fits `dataset`, keeping the current one when it already does. */
function lossFor(loss: LossName, dataset: DatasetName): LossName {
  const info = datasetInfo(dataset);
  if (info.task === 'regression') return CLASSIFICATION_LOSSES.includes(loss) ? 'mse' : loss;
  if (loss === 'binaryCrossEntropy' && info.numClasses === 2) return loss;
  return 'softmaxCrossEntropy';
}

/** A hidden layer size that trains quickly on 2-D points. */
const SMALL_MLP: LayerSpec[] = [
  { type: 'dense', units: 16, activation: 'relu' },
  { type: 'dense', units: 16, activation: 'relu' },
];

/** The experiment with `dataset` chosen and its model and loss made to fit it. */
export function adaptToData(experiment: Experiment, dataset: DatasetName): Adaptation {
  const data = dataFor(experiment.data, dataset);
  const base: Experiment = { ...experiment, data };
  const input = modelInputShape(data);
  const info = datasetInfo(dataset);
  // A CSV's shapes are known once its file is loaded: the page asks for the file instead.
  if (!input || dataset === 'csv') return { experiment: base, changes: [] };
  const changes: string[] = [];
  let layers = fitInput(experiment.model.layers, input, info.title, changes);
  const loss = lossFor(experiment.loss, dataset);
  if (loss !== experiment.loss) {
    changes.push(`Loss ${experiment.loss} → ${loss}: ${info.title} is a ${info.task} dataset.`);
  }
  const outputs = loss === 'softmaxCrossEntropy' ? (info.numClasses ?? 1) : 1;
  layers = fitOutput(layers, input, outputs, loss, changes);
  let training = experiment.training;
  if (info.task === 'regression' && training.earlyStopping?.metric === 'testAccuracy') {
    training = { ...training, earlyStopping: { ...training.earlyStopping, metric: 'testLoss' } };
    changes.push('Early stopping watches the test loss: a regression dataset has no accuracy.');
  }
  const model = layers === experiment.model.layers ? experiment.model : { ...experiment.model, layers };
  return { experiment: { ...base, loss, training, model }, changes };
}

/** The layers with an input they accept: Flatten added or removed, or a small MLP. */
function fitInput(layers: LayerSpec[], input: number[], title: string, changes: string[]): LayerSpec[] {
  const flat = input.length === 1;
  if (flat && layers.length > 1 && layers[0].type === 'flatten' && inferShapes(input, layers.slice(1)).errors.length === 0) {
    changes.push(`Removed the Flatten layer at the start: ${title} gives flat inputs [${input.join(', ')}].`);
    return layers.slice(1);
  }
  if (inferShapes(input, layers).errors.length === 0) return layers;
  if (!flat) {
    const firstDense = layers.findIndex((l) => l.type === 'dense');
    const withFlatten = firstDense < 0 ? layers : [...layers.slice(0, firstDense), { type: 'flatten' } as LayerSpec, ...layers.slice(firstDense)];
    if (firstDense >= 0 && inferShapes(input, withFlatten).errors.length === 0) {
      changes.push(`Added a Flatten layer before ${at(firstDense, layers[firstDense])}: ${title} inputs are ${input.join(' × ')} images and Dense needs a flat input.`);
      return withFlatten;
    }
  }
  const mlp = [...structuredClone(SMALL_MLP), structuredClone(layers[layers.length - 1])];
  const fits = inferShapes(input, mlp).errors.length === 0;
  const model = fits ? mlp : [...structuredClone(SMALL_MLP), { type: 'dense', units: 1 } as LayerSpec];
  changes.push(`Replaced the model by a small MLP (Dense 16, Dense 16, ${fits ? name(model[2]) : 'Dense'}): its layers do not take ${title}'s input [${input.join(', ')}].`);
  return model;
}

/** The layers ending in `outputs` values: the last layer's size set, or a Dense added. */
function fitOutput(layers: LayerSpec[], input: number[], outputs: number, loss: LossName, changes: string[]): LayerSpec[] {
  const shape = inferShapes(input, layers).outputShape;
  const last = layers[layers.length - 1];
  const why = loss === 'softmaxCrossEntropy' ? `one score per class` : loss === 'binaryCrossEntropy' ? 'one logit' : 'one value per target';
  if (shape && shape.length === 1 && shape[0] === outputs) return layers;
  const field = layerDef(last.type).sizeField;
  if (shape && shape.length === 1 && field) {
    const old = (last as Record<string, unknown>)[field];
    changes.push(`Output ${at(layers.length - 1, last)}: ${field} ${String(old)} → ${outputs} (${why}).`);
    return [...layers.slice(0, -1), { ...last, [field]: outputs } as LayerSpec];
  }
  const tail: LayerSpec[] = shape && shape.length === 1 ? [] : [{ type: 'flatten' }];
  changes.push(`Added ${tail.length ? 'a Flatten and ' : ''}a Dense layer of ${outputs} units at the end (${why}).`);
  return [...layers, ...tail, { type: 'dense', units: outputs }];
}
