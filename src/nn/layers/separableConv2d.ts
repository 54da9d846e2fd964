// Separable conv2d: depthwise (multiplier 1, no bias, as Keras' SeparableConv2D) then a
// pointwise 1x1 convolution [1, 1, C, filters] with bias.
import { MAX_UNITS } from '../../spec';
import { describeWith, windowText } from './describe';
import { convWindowFields } from './fields';
import { needImage, pair, windowOutput } from './geometry';
import { torchConv } from './torch-form';
import type { LayerDef } from './types';

export const separableConv2d: LayerDef<'separableConv2d'> = {
  type: 'separableConv2d',
  palette: {
    name: 'Separable Conv2D', hint: 'Depthwise then 1x1 convolution',
    defaults: { type: 'separableConv2d', filters: 16, kernelSize: 3, strides: 1, padding: 'same', dilation: 1, activation: 'relu' },
  },
  fields: [
    { key: 'filters', label: 'Filters', kind: 'integer', min: 1, max: MAX_UNITS, help: 'Output channels of the pointwise 1x1 convolution.' },
    ...convWindowFields,
  ],
  initializable: true,
  sizeField: 'filters',

  infer(input, layer, label) {
    const [h, w, c] = needImage(input, label);
    const [oh, ow] = windowOutput(h, w, layer.kernelSize, layer.strides, layer.padding, layer.dilation, label, 'kernelSize');
    const [kh, kw] = pair(layer.kernelSize, 1);
    const f = layer.filters;
    return { outputShape: [oh, ow, f], params: kh * kw * c + c * f + f, flops: 2 * oh * ow * (c * kh * kw + c * f) };
  },

  build(layer, ctx) {
    const [kh, kw] = pair(layer.kernelSize, 1);
    const c = ctx.inputShape[2];
    const dwFans = { fanIn: kh * kw, fanOut: kh * kw };
    const pwFans = { fanIn: c, fanOut: layer.filters };
    const opts = { strides: pair(layer.strides, 1), padding: layer.padding, dilation: pair(layer.dilation, 1) };
    return {
      params: [
        ctx.weight('depthwiseFilter', [kh, kw, c, 1], dwFans),
        ctx.weight('pointwiseFilter', [1, 1, c, layer.filters], pwFans),
        ctx.bias('bias', [layer.filters], pwFans),
      ],
      forward: (x, [dw, pw, b]) => {
        const h = ctx.ops.depthwiseConv2d(x, dw, opts);
        return ctx.activate(ctx.ops.conv2d(h, pw, { bias: b, activation: ctx.fusable, alpha: ctx.alpha }), true);
      },
    };
  },

  pytorch: (layer, at) => {
    const c = at.inputShape[2];
    const depthwise = torchConv(c, c, layer, c, false);
    return {
      module: `nn.Sequential(${depthwise}, Conv2d(${c}, ${layer.filters}, 1))`,
      tensors: [['depthwiseFilter', '0.weight', 'depthwise'], ['pointwiseFilter', '1.weight', 'hwio'], ['bias', '1.bias', 'same']],
    };
  },

  describe: (layer) => describeWith(layer, String(layer.filters), windowText(layer.kernelSize), layer.padding ?? 'valid'),
};
