import { z } from './zod';
import { ACTIVATIONS, ACTIVATION_ALPHA_DEFAULTS, INITIALIZERS, LAYER_TYPES, PADDINGS } from './enums';
import type { LayerType } from './enums';
import { numberIn, oneOf, wholeNumber, windowSize } from './fields';

// Layer specs of experiment v1: one strict object per `type`, joined by that discriminator.

export const MAX_UNITS = 65536;
const MAX_WINDOW = 64;

/**
 * Fields every layer may carry: an activation applied after it, an initializer, the
 * activation's alpha, and `trainable` (false: the layer is frozen, its parameters get no
 * updates and no optimizer state, a normalisation layer keeps its running statistics; left
 * out means trainable, so links from before it open unchanged).
 */
const common = {
  activation: oneOf(ACTIVATIONS).optional(),
  init: oneOf(INITIALIZERS).optional(),
  alpha: numberIn(0, 10).optional(),
  trainable: z.boolean({ error: 'true or false' }).optional(),
};

const units = wholeNumber(1, MAX_UNITS);
const padding = oneOf(PADDINGS).default('valid');
const strides = windowSize(MAX_WINDOW).default(1);
const dilation = windowSize(MAX_WINDOW).default(1);

// A field of `shape` replaces the common one of the same name (the activation layer's
// required `activation`); the Omit tells TypeScript so, as the spread does at run time.
const layer = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...(common as Omit<typeof common, keyof S>), ...shape }, { error: 'an object' });

const reshapeDim = z
  .int({ error: 'a positive whole number, or -1 (once) to infer that size' })
  .refine((v) => v === -1 || (v >= 1 && v <= 2 ** 24), {
    error: 'a positive whole number, or -1 (once) to infer that size',
  });

export const denseLayer = layer('dense', { units });
export const conv2dLayer = layer('conv2d', {
  filters: units, kernelSize: windowSize(MAX_WINDOW), strides, padding, dilation,
});
export const depthwiseConv2dLayer = layer('depthwiseConv2d', {
  kernelSize: windowSize(MAX_WINDOW), strides, padding, dilation,
  depthMultiplier: wholeNumber(1, 256).default(1),
});
// NOTE: separable = depthwise (multiplier 1, no bias) then pointwise 1x1 conv with bias, as Keras.
export const separableConv2dLayer = layer('separableConv2d', {
  filters: units, kernelSize: windowSize(MAX_WINDOW), strides, padding, dilation,
});
// Pooling `strides` left out means "equal to poolSize" (docs/conventions.md).
const pooling = { poolSize: windowSize(MAX_WINDOW).default(2), strides: windowSize(MAX_WINDOW).optional(), padding };
export const maxPool2dLayer = layer('maxPool2d', pooling);
export const avgPool2dLayer = layer('avgPool2d', pooling);
export const flattenLayer = layer('flatten', {});
export const reshapeLayer = layer('reshape', {
  shape: z.array(reshapeDim, { error: 'a list of sizes such as [28, 28, 1]' })
    .min(1, { error: 'a list of 1 to 4 sizes' }).max(4, { error: 'a list of 1 to 4 sizes' }),
});
export const dropoutLayer = layer('dropout', { rate: numberIn(0, 1, { below: true }) });
export const batchNormLayer = layer('batchNorm', {});
export const layerNormLayer = layer('layerNorm', {});
export const activationLayer = layer('activation', { activation: oneOf(ACTIVATIONS) });
// Mean over height and width: [H, W, C] -> [C].
export const globalAvgPool2dLayer = layer('globalAvgPool2d', {});
// PyTorch's GroupNorm(groups, C): statistics per sample and group of C / groups channels.
// That groups divides the channels is checked by shape inference (it needs the input shape).
export const groupNormLayer = layer('groupNorm', { groups: wholeNumber(1, MAX_UNITS) });

/** Each layer type's schema; `satisfies` makes a type without a schema a compile error. */
export const LAYER_SCHEMAS = {
  dense: denseLayer, conv2d: conv2dLayer, depthwiseConv2d: depthwiseConv2dLayer, separableConv2d: separableConv2dLayer,
  maxPool2d: maxPool2dLayer, avgPool2d: avgPool2dLayer, flatten: flattenLayer, reshape: reshapeLayer,
  dropout: dropoutLayer, batchNorm: batchNormLayer, layerNorm: layerNormLayer, activation: activationLayer,
  globalAvgPool2d: globalAvgPool2dLayer, groupNorm: groupNormLayer,
} as const satisfies Record<LayerType, z.ZodObject>;

const layerUnion = z.discriminatedUnion(
  'type',
  [
    denseLayer, conv2dLayer, depthwiseConv2dLayer, separableConv2dLayer, maxPool2dLayer, avgPool2dLayer,
    flattenLayer, reshapeLayer, dropoutLayer, batchNormLayer, layerNormLayer, activationLayer,
    globalAvgPool2dLayer, groupNormLayer,
  ],
  {
    error: (issue) =>
      (issue.code as string) === 'invalid_type' // zod types this as a union issue, but a non-object layer reports invalid_type
        ? 'an object such as { "type": "dense", "units": 10 }'
        : `one of ${LAYER_TYPES.join(', ')}`,
  },
);

function fillAlpha<L extends { activation?: string; alpha?: number }>(layer: L): L {
  const alpha = layer.activation ? ACTIVATION_ALPHA_DEFAULTS[layer.activation as keyof typeof ACTIVATION_ALPHA_DEFAULTS] : undefined;
  return alpha !== undefined && layer.alpha === undefined ? { ...layer, alpha } : layer;
}

export const layerSchema = layerUnion.transform(fillAlpha);

/** A layer as stored after parsing (defaults filled). */
export type LayerSpec = z.output<typeof layerUnion>;
/** A layer as written by hand or in a file (defaults may be missing). */
export type LayerSpecInput = z.input<typeof layerUnion>;
export type LayerOf<T extends LayerSpec['type']> = Extract<LayerSpec, { type: T }>;
/** One layer type as written (defaults may be missing). */
export type LayerInputOf<T extends LayerSpec['type']> = Extract<LayerSpecInput, { type: T }>;
export type DenseLayer = LayerOf<'dense'>;
export type Conv2dLayer = LayerOf<'conv2d'>;
export type DepthwiseConv2dLayer = LayerOf<'depthwiseConv2d'>;
export type SeparableConv2dLayer = LayerOf<'separableConv2d'>;
export type Pool2dLayer = LayerOf<'maxPool2d' | 'avgPool2d'>;
export type ReshapeLayer = LayerOf<'reshape'>;
export type DropoutLayer = LayerOf<'dropout'>;
export type ActivationLayer = LayerOf<'activation'>;
export type GroupNormLayer = LayerOf<'groupNorm'>;
/** A kernel, stride, pool or dilation size: one number for both sides, or [height, width]. */
export type WindowSize = number | [number, number];
