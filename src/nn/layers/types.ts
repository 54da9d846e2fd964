// What a layer type is. Each type is one module in this folder (dense.ts, conv2d.ts, ...)
// exporting one LayerDef, and registry.ts lists them; shape inference, the model builder,
// the palette and settings of the UI, the runner's summary and the validator all read the
// registry, so nothing else enumerates layer types.
//
// Layer modules stay free of engine code at run time (the UI bundles them on its main
// thread): they import engine *types* only, and build() receives the engine's ops from the
// model builder (src/nn/model.ts) through BuildContext.ops. eslint enforces this.
import type * as EngineOps from '../../engine/ops';
import type { DynamicU32 } from '../../engine/backend';
import type { Activation as EngineActivation } from '../../engine/kernels/pointwise';
import type { hashU32, Rng } from '../../engine/random';
import type { Tensor } from '../../engine/tensor';
import type { LayerInputOf, LayerOf, LayerType } from '../../spec';
import type { Fans } from '../init';

/** A tensor the model owns: trainable parameter or running statistic. */
export interface ParamSpec {
  /** "layer2.weight" */
  name: string;
  shape: number[];
  /** Initial values (seeded). */
  initial(rng: Rng): Float32Array;
}

export interface ForwardContext {
  training: boolean;
  /** Experiment seed; dropout masks are drawn from (seed, layer, stream). */
  seed: number;
  /** Changes every step (a uniform in the compiled step). */
  stream: DynamicU32;
}

export type Forward = (x: Tensor, params: Tensor[], state: Tensor[], ctx: ForwardContext) => Tensor;

/** Shape inference of one layer for one sample (no batch axis). */
export interface LayerCost {
  outputShape: number[];
  /** Trainable parameters (batch norm's running statistics are not counted). */
  params: number;
  /** 2 x multiply-adds of the forward pass for one sample; layers without weights count 0. */
  flops: number;
}

/** The engine functions a layer's forward may call (handed in, never imported). */
export type LayerOps = typeof EngineOps & { hashU32: typeof hashU32 };

/** What build() gets: the layer's place and shapes, the engine's ops, and helpers. */
export interface BuildContext {
  /** 0-based position in the model. */
  index: number;
  inputShape: number[];
  outputShape: number[];
  ops: LayerOps;
  /** A weight drawn from the layer's `init` (PyTorch's default when it has none). */
  weight(name: string, shape: number[], fans: Fans): ParamSpec;
  /** A bias: zeros when the layer names an `init`, else PyTorch's default. */
  bias(name: string, shape: number[], fans: Fans): ParamSpec;
  /** A tensor that starts at one value (norm scales and shifts, running statistics). */
  constant(name: string, shape: number[], value: number): ParamSpec;
  /** The layer's `activation` applied to y, unless `fused` says its op already did. */
  activate(y: Tensor, fused: boolean): Tensor;
  /** The activation an op may fuse into its epilogue (undefined for softmax: never fused). */
  fusable: EngineActivation | undefined;
  alpha: number | undefined;
}

/** A built layer: its tensors in initialisation order, and the forward pass. */
export interface LayerModule {
  params: ParamSpec[];
  /** Non-trainable state (batch norm running statistics). */
  state?: ParamSpec[];
  forward: Forward;
}

/** The settings of one layer as the UI shows them: one entry per field of its schema. */
interface FieldBase<K extends string> {
  key: K;
  label: string;
  /** One sentence for people (a tooltip). */
  help: string;
}
export type FieldDesc<K extends string = string> = FieldBase<K> & (
  | {
      kind: 'integer' | 'number';
      /** The schema's range (the completeness test checks both ends). */
      min: number;
      max: number;
      /** `max` itself is not allowed (a dropout rate of 1 would drop everything). */
      below?: boolean;
      /** Shown only when this holds (alpha only for activations that have one). */
      visible?(layer: Readonly<Record<string, unknown>>): boolean;
    }
  /** A number or [height, width]; `unset` is the placeholder when it may be left out. */
  | { kind: 'window'; max: number; unset?: string }
  /**
   * One of `options` (shown as `labels`, when given); `unset` labels leaving it out (when it
   * may be), `fallback` is shown when it is.
   */
  | { kind: 'choice'; options: readonly string[]; labels?: Readonly<Record<string, string>>; unset?: string; fallback?: string }
  /** A list of sizes (reshape). */
  | { kind: 'shape' }
);

/** The fields of layer type T besides `type` (for a union of types: any of theirs). */
export type FieldKey<T extends LayerType> = T extends LayerType ? Exclude<keyof LayerInputOf<T>, 'type'> & string : never;

export interface LayerDef<T extends LayerType = LayerType> {
  readonly type: T;
  /** The palette entry: a name for people, one line about it, and the settings a new one starts with. */
  readonly palette: { name: string; hint: string; defaults: LayerOf<T> };
  /** Its own settings, in display order; activation, alpha and init are shared (fields.ts). */
  readonly fields: readonly FieldDesc<FieldKey<T>>[];
  /** Whether `init` applies: the layer has weights drawn from an initializer. */
  readonly initializable?: boolean;
  /** The field that sets its output width, for "set its units to 10". */
  readonly sizeField?: FieldKey<T>;
  /** Its output is a view of its input (no storage of its own: the memory estimate skips it). */
  readonly outputIsView?: boolean;
  /**
   * Output shape, parameters and FLOPs for one input shape; throws ShapeError (geometry.ts)
   * with a sentence naming the layer and the fix. `layer` may lack fields that have defaults.
   */
  infer(input: readonly number[], layer: LayerInputOf<T>, label: string): LayerCost;
  /** Parameters (names and initialisation order are a fixed format) and forward through ops. */
  build(layer: LayerOf<T>, ctx: BuildContext): LayerModule;
  /** The runner's summary of it: "dense 16, relu", "conv2d 32 5x5 same". */
  describe(layer: LayerOf<T>): string;
  /** Its PyTorch form in the exported train.py (src/experiment/export; torch-form.ts has the helpers). */
  pytorch(layer: LayerOf<T>, where: TorchPlace): TorchForm;
}

/** Where a layer sits, for its PyTorch form: 0-based index and shapes without the batch (ours, NHWC). */
export interface TorchPlace {
  index: number;
  inputShape: number[];
  outputShape: number[];
}

/**
 * How one of our tensors maps onto PyTorch's: `same`; `dense` ([in, out] here, [out, in] in
 * nn.Linear); `hwio` (filters [kh, kw, in, out] here, [out, in, kh, kw] there); `depthwise`
 * ([kh, kw, C, m] here, [C*m, 1, kh, kw] there).
 */
export type TorchLayout = 'same' | 'dense' | 'hwio' | 'depthwise';

/** A layer in train.py: a Python expression building its module (before its activation), and its tensors. */
export interface TorchForm {
  /** e.g. `nn.Linear(784, 128)`; train.py's helpers (Conv2d, Pool2d, NhwcFlatten ...) may be used. */
  module: string;
  /** [our name without "layerK.", path inside `module`'s state_dict, layout], in our order. */
  tensors?: [string, string, TorchLayout][];
}
