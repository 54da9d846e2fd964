import type { Issue, LayerSpecInput, Padding, WindowSize } from '../spec';
import { layerLabel, showShape } from '../spec';

// Pure shape inference over a layer list: shapes, parameter counts and forward FLOPs per
// sample, with errors that name the layer and the fix. Shapes exclude the batch axis;
// images are [H, W, C] (NHWC, docs/conventions.md).

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
  totalFlops: number;
  errors: Issue[];
}

interface Step { outputShape: number[]; params: number; flops: number }
class ShapeError extends Error {
  constructor(readonly field: string | null, message: string) { super(message); }
}

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const pair = (size: WindowSize | undefined, fallback: number): [number, number] =>
  size === undefined ? [fallback, fallback] : typeof size === 'number' ? [size, size] : [size[0], size[1]];

export function inferShapes(inputShape: readonly number[], layers: readonly LayerSpecInput[]): ShapeReport {
  const rows: LayerShape[] = [];
  const errors: Issue[] = [];
  let shape: number[] | null = [...inputShape];
  layers.forEach((layer, index) => {
    const row: LayerShape = { index, type: layer.type, inputShape: shape, outputShape: null, params: 0, flops: 0 };
    rows.push(row);
    if (!shape) return;
    try {
      const step = inferLayer(shape, layer, layerLabel(index, layer.type));
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
    totalFlops: rows.reduce((sum, r) => sum + r.flops, 0),
    errors,
  };
}

function inferLayer(input: number[], layer: LayerSpecInput, label: string): Step {
  const same = (params = 0): Step => ({ outputShape: [...input], params, flops: 0 });
  switch (layer.type) {
    case 'dense': {
      if (input.length !== 1) {
        throw new ShapeError(null, `${label} needs a flat input [features] but receives ${showShape(input)}; add a Flatten layer before it.`);
      }
      const [features] = input;
      return { outputShape: [layer.units], params: features * layer.units + layer.units, flops: 2 * features * layer.units };
    }
    case 'conv2d': {
      const [h, w, c] = needImage(input, label);
      const [oh, ow] = windowOutput(h, w, layer.kernelSize, layer.strides, layer.padding, layer.dilation, label, 'kernelSize');
      const [kh, kw] = pair(layer.kernelSize, 1);
      const taps = kh * kw * c;
      return { outputShape: [oh, ow, layer.filters], params: taps * layer.filters + layer.filters, flops: 2 * oh * ow * layer.filters * taps };
    }
    case 'depthwiseConv2d': {
      const [h, w, c] = needImage(input, label);
      const [oh, ow] = windowOutput(h, w, layer.kernelSize, layer.strides, layer.padding, layer.dilation, label, 'kernelSize');
      const [kh, kw] = pair(layer.kernelSize, 1);
      const outC = c * (layer.depthMultiplier ?? 1);
      return { outputShape: [oh, ow, outC], params: kh * kw * outC + outC, flops: 2 * oh * ow * outC * kh * kw };
    }
    case 'separableConv2d': {
      // Depthwise (multiplier 1, no bias) then pointwise 1x1 with bias, as Keras' SeparableConv2D.
      const [h, w, c] = needImage(input, label);
      const [oh, ow] = windowOutput(h, w, layer.kernelSize, layer.strides, layer.padding, layer.dilation, label, 'kernelSize');
      const [kh, kw] = pair(layer.kernelSize, 1);
      const f = layer.filters;
      return {
        outputShape: [oh, ow, f],
        params: kh * kw * c + c * f + f,
        flops: 2 * oh * ow * (c * kh * kw + c * f),
      };
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const [h, w, c] = needImage(input, label);
      const poolSize = layer.poolSize ?? 2;
      const [oh, ow] = windowOutput(h, w, poolSize, layer.strides ?? poolSize, layer.padding, 1, label, 'poolSize');
      return { outputShape: [oh, ow, c], params: 0, flops: 0 };
    }
    case 'flatten':
      return { outputShape: [product(input)], params: 0, flops: 0 };
    case 'reshape':
      return { outputShape: reshape(input, layer.shape, label), params: 0, flops: 0 };
    case 'batchNorm':
    case 'layerNorm':
      // Both scale and shift the last axis (channels for images, features otherwise).
      return same(2 * input[input.length - 1]);
    case 'dropout':
    case 'activation':
      return same();
  }
}

function needImage(input: number[], label: string): [number, number, number] {
  if (input.length !== 3) {
    throw new ShapeError(null, `${label} needs an image input [H, W, C] but receives ${showShape(input)}; add a reshape layer or remove it.`);
  }
  return [input[0], input[1], input[2]];
}

/** Output height and width of a sliding window (TensorFlow's `same` rule: ceil(in / stride)). */
function windowOutput(
  h: number, w: number, size: WindowSize, strides: WindowSize | undefined, padding: Padding | undefined,
  dilation: WindowSize | undefined, label: string, field: string,
): [number, number] {
  const [kh, kw] = pair(size, 1);
  const [sh, sw] = pair(strides, 1);
  const [dh, dw] = pair(dilation, 1);
  if ((padding ?? 'valid') === 'same') return [Math.ceil(h / sh), Math.ceil(w / sw)];
  const eh = (kh - 1) * dh + 1;
  const ew = (kw - 1) * dw + 1;
  if (eh > h || ew > w) {
    const dilated = dh > 1 || dw > 1 ? ` (${eh}x${ew} with dilation)` : '';
    throw new ShapeError(field, `${label}: its ${field} ${kh}x${kw}${dilated} is larger than its input ${h}x${w}; use a smaller ${field}, padding "same", or remove the layer.`);
  }
  return [Math.floor((h - eh) / sh) + 1, Math.floor((w - ew) / sw) + 1];
}

function reshape(input: number[], target: readonly number[], label: string): number[] {
  const total = product(input);
  const wildcards = target.filter((d) => d === -1).length;
  if (wildcards > 1) throw new ShapeError('shape', `${label}: shape may contain -1 only once; got ${showShape([...target])}.`);
  const known = product(target.filter((d) => d !== -1));
  const inferred = wildcards === 1 ? total / known : known;
  if (!Number.isInteger(inferred) || inferred * (wildcards === 1 ? known : 1) !== total || inferred === 0) {
    throw new ShapeError('shape', `${label} cannot reshape ${showShape(input)} (${total} values) to ${showShape([...target])} (${wildcards ? `a multiple of ${known}` : known} values); choose a shape whose sizes multiply to ${total}.`);
  }
  return target.map((d) => (d === -1 ? inferred : d));
}
