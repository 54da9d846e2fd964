// A model: the layer modules of an experiment, their parameters in a fixed order, and the
// forward pass. Parameter tensors are owned by the trainer (views of one flat buffer), so
// the optimizer can update all of them in one dispatch.
//
// This is where layers meet the engine: each layer type's module (src/nn/layers) is pure,
// and its build() receives the engine's ops from here.
import * as engineOps from '../engine/ops';
import { hashU32 } from '../engine/random';
import type { Tensor } from '../engine/tensor';
import type { LayerSpec } from '../spec';
import { inferShapes, type LayerShape, type ShapeReport } from './shapes';
import { buildContext } from './layers/context';
import { layerDef } from './layers/registry';
import type { ForwardContext, LayerOps, ParamSpec } from './layers/types';

export type { ForwardContext, ParamSpec } from './layers/types';

const OPS: LayerOps = { ...engineOps, hashU32 };

export interface Layer {
  readonly index: number;
  readonly spec: LayerSpec;
  /** "layer 3 (dense)": how messages name it (counting from 1). */
  readonly label: string;
  readonly params: ParamSpec[];
  /** Non-trainable state (batch norm running statistics). */
  readonly state: ParamSpec[];
  /** `trainable: false`: its parameters stay as they are, its running statistics too. */
  readonly frozen: boolean;
  forward(x: Tensor, params: Tensor[], state: Tensor[], ctx: ForwardContext): Tensor;
}

export interface Model {
  layers: Layer[];
  summary: ShapeReport;
  /** Every trainable parameter, layer by layer. */
  params: ParamSpec[];
  /** Every non-trainable state tensor (running statistics). */
  state: ParamSpec[];
  /** Which layer each entry of `params` belongs to. */
  paramLayer: number[];
  /** Per entry of `params`: its layer is frozen (`trainable: false`), so the optimizer skips it. */
  paramFrozen: boolean[];
  inputShape: number[];
  outputShape: number[];
}

export class ModelError extends Error {
  override name = 'ModelError';
  constructor(readonly issues: { path: string; message: string }[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  }
}

/** Builds the module for layer `index` given its inferred shapes (already checked valid). */
export function buildLayer(spec: LayerSpec, index: number, shape: LayerShape): Layer {
  const ctx = buildContext(spec, index, shape.inputShape ?? [], shape.outputShape ?? [], OPS);
  const built = layerDef(spec.type).build(spec, ctx);
  const frozen = spec.trainable === false;
  const state = built.state ?? [];
  // NOTE: a frozen layer with running statistics normalises with them, as in evaluation, so
  // that training leaves them alone (Keras's frozen BatchNormalization; in PyTorch, eval()).
  // Here rather than in forward() below: the non-finite locator calls layers one by one.
  const forwardOf: Layer['forward'] = frozen && state.length > 0
    ? (x, params, st, fctx) => built.forward(x, params, st, { ...fctx, training: false })
    : built.forward;
  return {
    index,
    spec,
    label: `layer ${index + 1} (${spec.type})`,
    params: built.params,
    state,
    frozen,
    forward: forwardOf,
  };
}

export function buildModel(inputShape: number[], specs: readonly LayerSpec[]): Model {
  const summary = inferShapes(inputShape, specs);
  if (summary.errors.length || !summary.outputShape) throw new ModelError(summary.errors);
  const layers = specs.map((s, i) => buildLayer(s, i, summary.layers[i]));
  const params: ParamSpec[] = [];
  const paramLayer: number[] = [];
  const paramFrozen: boolean[] = [];
  const state: ParamSpec[] = [];
  for (const l of layers) {
    for (const p of l.params) {
      params.push(p);
      paramLayer.push(l.index);
      paramFrozen.push(l.frozen);
    }
    state.push(...l.state);
  }
  return { layers, summary, params, state, paramLayer, paramFrozen, inputShape, outputShape: summary.outputShape };
}

/**
 * Runs the layers; `params`/`state` are in the model's order. `tap`, when given, sees each
 * layer's output (views such as the network diagram read hidden activations from it).
 */
export function forward(
  model: Model, x: Tensor, params: readonly Tensor[], state: readonly Tensor[], ctx: ForwardContext,
  tap?: (layerIndex: number, output: Tensor) => void,
): Tensor {
  let p = 0;
  let s = 0;
  let h = x;
  for (const layer of model.layers) {
    const lp = params.slice(p, p + layer.params.length);
    const ls = state.slice(s, s + layer.state.length);
    p += layer.params.length;
    s += layer.state.length;
    h = layer.forward(h, lp, ls, ctx);
    tap?.(layer.index, h);
  }
  return h;
}

/** Forward FLOPs per sample (multiply-adds x 2), from the shape report. */
export function forwardFlops(model: Model): number {
  return model.summary.totalFlops;
}
