// Field descriptions shared by several layer types (windows, padding) and the three every
// layer may carry (activation, alpha, init). The UI renders fieldsOf(def) for a layer.
import { ACTIVATIONS, ACTIVATION_ALPHA_DEFAULTS, ACTIVATION_LABELS, INITIALIZERS, PADDINGS } from '../../spec';
import type { FieldDesc, LayerDef } from './types';

/** The schema's largest window side (spec/layers.ts). */
export const MAX_WINDOW = 64;

const WINDOW_HELP = 'a number, or height x width such as 3x5';

export const kernelSizeField = {
  key: 'kernelSize', label: 'Kernel', kind: 'window', max: MAX_WINDOW,
  help: `Size of each filter window: ${WINDOW_HELP}.`,
} as const satisfies FieldDesc;
export const stridesField = {
  key: 'strides', label: 'Strides', kind: 'window', max: MAX_WINDOW,
  help: `Step between windows: ${WINDOW_HELP}.`,
} as const satisfies FieldDesc;
export const paddingField = {
  key: 'padding', label: 'Padding', kind: 'choice', options: PADDINGS, fallback: 'valid',
  help: 'same keeps the size (ceil(input / stride)); valid uses only windows that fit.',
} as const satisfies FieldDesc;
export const dilationField = {
  key: 'dilation', label: 'Dilation', kind: 'window', max: MAX_WINDOW,
  help: `Spacing between the taps of a filter (1: adjacent): ${WINDOW_HELP}.`,
} as const satisfies FieldDesc;

/** Kernel, strides, padding, dilation: the window of every convolution. */
export const convWindowFields = [kernelSizeField, stridesField, paddingField, dilationField] as const;

const activationField = {
  key: 'activation', label: 'Activation', kind: 'choice', options: ACTIVATIONS, labels: ACTIVATION_LABELS, unset: 'none',
  help: 'A nonlinearity applied to the output of this layer.',
} as const satisfies FieldDesc;
const alphaField = {
  key: 'alpha', label: 'Alpha', kind: 'number', min: 0, max: 10,
  help: 'The slope (leakyRelu) or scale (elu) of the activation for negative inputs.',
  visible: (layer) => typeof layer.activation === 'string' && layer.activation in ACTIVATION_ALPHA_DEFAULTS,
} as const satisfies FieldDesc;
const initField = {
  key: 'init', label: 'Init', kind: 'choice', options: INITIALIZERS, unset: 'default',
  help: "How the weights start (biases start at 0 with any of these); default is PyTorch's for this layer.",
} as const satisfies FieldDesc;

/** Fields any layer may carry; `init` shows only where it applies. */
export const COMMON_FIELDS: readonly FieldDesc[] = [activationField, alphaField, initField];

/** Every field the UI shows for a layer type, in order: its own, then the common ones it does not redefine. */
export function fieldsOf(def: LayerDef): FieldDesc[] {
  const own = new Set<string>(def.fields.map((f) => f.key));
  const common = COMMON_FIELDS.filter((f) => !own.has(f.key) && (f.key !== 'init' || def.initializable));
  return [...def.fields, ...common];
}
