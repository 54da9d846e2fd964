import type { Issue, LayerSpecInput } from '../spec';
import { layerLabel } from '../spec';
import { ShapeError } from './layers/geometry';
import { layerDef } from './layers/registry';

// Pure shape inference over a layer list: shapes, parameter counts and forward FLOPs per
// sample, with errors that name the layer and the fix. Each layer type's rule lives in its
// module (src/nn/layers/<type>.ts). Shapes exclude the batch axis; images are [H, W, C]
// (NHWC, docs/conventions.md).

export interface LayerShape {
  index: number;
  type: LayerSpecInput['type'];
  /** null once an earlier layer failed: nothing after it can be known. */
  inputShape: number[] | null;
  outputShape: number[] | null;
  /** Trainable parameters (batch norm's running statistics are not counted). */
  params: number;
  /** 2 x multiply-adds of the forward pass for one sample; layers without weights count 0. */
  flops: number;
}

export interface ShapeReport {
  layers: LayerShape[];
  outputShape: number[] | null;
  totalParams: number;
  /** Parameters of frozen layers (`trainable: false`), part of totalParams. */
  frozenParams: number;
  totalFlops: number;
  /** FLOPs of one training step per sample: forward, weight gradients and input gradients where computed (trainingFlops). */
  trainingFlops: number;
  errors: Issue[];
}

export function inferShapes(inputShape: readonly number[], layers: readonly LayerSpecInput[]): ShapeReport {
  const rows: LayerShape[] = [];
  const errors: Issue[] = [];
  let shape: number[] | null = [...inputShape];
  layers.forEach((layer, index) => {
    const row: LayerShape = { index, type: layer.type, inputShape: shape, outputShape: null, params: 0, flops: 0 };
    rows.push(row);
    if (!shape) return;
    try {
      const step = layerDef(layer.type).infer(shape, layer, layerLabel(index, layer.type));
      Object.assign(row, step);
      shape = step.outputShape;
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      const path = `model.layers[${index}]${e.field ? `.${e.field}` : ''}`;
      errors.push({ path, message: e.message });
      shape = null;
    }
  });
  return {
    layers: rows,
    outputShape: shape,
    totalParams: rows.reduce((sum, r) => sum + r.params, 0),
    frozenParams: rows.reduce((sum, r, i) => sum + (layers[i].trainable === false ? r.params : 0), 0),
    totalFlops: rows.reduce((sum, r) => sum + r.flops, 0),
    trainingFlops: trainingFlops(rows, layers),
    errors,
  };
}

/**
 * FLOPs of one training step per sample, counted as the step does the work: every layer's
 * forward; the weight gradient of each trainable layer (as many FLOPs as its forward); the
 * input gradient of a layer only where a trainable layer lies before it (the first trainable
 * layer's input gradient is never computed). For an MLP 784-128-10 this is about 2x the
 * forward, not the usual 3x, which overstated GFLOP/s. (Adversarial training's extra
 * passes, a few elementwise ops and the optimizer are not counted.)
 */
export function trainingFlops(rows: readonly LayerShape[], layers: readonly LayerSpecInput[]): number {
  let total = 0;
  let trainableBefore = false;
  rows.forEach((r, i) => {
    const trainable = r.params > 0 && layers[i]?.trainable !== false;
    total += r.flops * (1 + (trainable ? 1 : 0) + (trainableBefore ? 1 : 0));
    if (trainable) trainableBefore = true;
  });
  return total;
}
