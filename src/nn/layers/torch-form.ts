// Helpers for the layers' PyTorch forms (LayerDef.pytorch): Python literals and the
// convolution, pooling and activation modules of the exported train.py
// (src/experiment/export/train_template.py defines Conv2d, Pool2d and the rest).
import type { Activation, LayerSpec, Padding, WindowSize } from '../../spec';
import { pair } from './geometry';

/** A number as Python reads it back exactly (JavaScript's shortest round-trip form). */
export function pyNumber(x: number): string {
  if (Number.isNaN(x)) return "float('nan')";
  if (!Number.isFinite(x)) return x > 0 ? 'math.inf' : '-math.inf';
  return String(x);
}

const pyPair = ([a, b]: [number, number]) => `(${a}, ${b})`;

/** Our conv2d / depthwise conv (groups = in channels) as train.py's Conv2d (TF 'same' padding). */
export function torchConv(
  inChannels: number, outChannels: number,
  layer: { kernelSize: WindowSize; strides?: WindowSize; padding?: Padding; dilation?: WindowSize },
  groups: number, bias = true,
): string {
  const args = [
    String(inChannels), String(outChannels), pyPair(pair(layer.kernelSize, 1)),
    `stride=${pyPair(pair(layer.strides, 1))}`, `dilation=${pyPair(pair(layer.dilation, 1))}`,
    ...(groups > 1 ? [`groups=${groups}`] : []), ...(bias ? [] : ['bias=False']),
    ...(layer.padding === 'same' ? ['same=True'] : []),
  ];
  return `Conv2d(${args.join(', ')})`;
}

/** Max or average pooling; strides default to the pool size. */
export function torchPool(kind: 'max' | 'avg', layer: { poolSize?: WindowSize; strides?: WindowSize; padding?: Padding }): string {
  const size = pair(layer.poolSize, 2);
  const strides = layer.strides === undefined ? size : pair(layer.strides, 1);
  return `Pool2d("${kind}", ${pyPair(size)}, ${pyPair(strides)}, same=${layer.padding === 'same' ? 'True' : 'False'})`;
}

/** The module of each activation (PyTorch's default alphas are ours: leakyRelu 0.01, elu 1). */
const ACTIVATION_MODULES: Record<Activation, ((alpha: number | undefined, image: boolean) => string) | null> = {
  linear: null,
  relu: () => 'nn.ReLU()',
  leakyRelu: (a) => `nn.LeakyReLU(${pyNumber(a ?? 0.01)})`,
  elu: (a) => `nn.ELU(${pyNumber(a ?? 1)})`,
  gelu: () => 'nn.GELU()',
  silu: () => 'nn.SiLU()',
  tanh: () => 'nn.Tanh()',
  sigmoid: () => 'nn.Sigmoid()',
  softplus: () => 'nn.Softplus()',
  // Over the last axis of our layout: channels, which are dim 1 of [N, C, H, W].
  softmax: (_a, image) => `nn.Softmax(dim=${image ? 1 : -1})`,
};

/** The activation after a layer as a Python expression, or null for none. */
export function torchActivation(layer: LayerSpec, outputIsImage: boolean): string | null {
  const make = ACTIVATION_MODULES[layer.activation ?? 'linear'];
  return make ? make(layer.alpha, outputIsImage) : null;
}
