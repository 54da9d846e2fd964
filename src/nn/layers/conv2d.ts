// Conv2d: filter [kh, kw, cin, filters] (HWIO), bias [filters], on NHWC images.
import { MAX_UNITS } from '../../spec';
import { describeWith, windowText } from './describe';
import { convWindowFields } from './fields';
import { needImage, pair, windowOutput } from './geometry';
import { torchConv } from './torch-form';
import type { LayerDef } from './types';

export const conv2d: LayerDef<'conv2d'> = {
  type: 'conv2d',
  palette: {
    name: 'Conv2D', hint: '2-D convolution over images',
    defaults: { type: 'conv2d', filters: 8, kernelSize: 3, strides: 1, padding: 'same', dilation: 1, activation: 'relu' },
  },
  fields: [
    { key: 'filters', label: 'Filters', kind: 'integer', min: 1, max: MAX_UNITS, help: 'How many filters, that is output channels, the layer learns.' },
    ...convWindowFields,
  ],
  initializable: true,
  sizeField: 'filters',

  infer(input, layer, label) {
    const [h, w, c] = needImage(input, label);
    const [oh, ow] = windowOutput(h, w, layer.kernelSize, layer.strides, layer.padding, layer.dilation, label, 'kernelSize');
    const [kh, kw] = pair(layer.kernelSize, 1);
    const taps = kh * kw * c;
    return { outputShape: [oh, ow, layer.filters], params: taps * layer.filters + layer.filters, flops: 2 * oh * ow * layer.filters * taps };
  },

  build(layer, ctx) {
    const [kh, kw] = pair(layer.kernelSize, 1);
    const cin = ctx.inputShape[2];
    const fans = { fanIn: kh * kw * cin, fanOut: kh * kw * layer.filters };
    const opts = { strides: pair(layer.strides, 1), padding: layer.padding, dilation: pair(layer.dilation, 1) };
    return {
      params: [ctx.weight('filter', [kh, kw, cin, layer.filters], fans), ctx.bias('bias', [layer.filters], fans)],
      forward: (x, [w, b]) => ctx.activate(ctx.ops.conv2d(x, w, { ...opts, bias: b, activation: ctx.fusable, alpha: ctx.alpha }), true),
    };
  },

  pytorch: (layer, at) => ({
    module: torchConv(at.inputShape[2], layer.filters, layer, 1),
    tensors: [['filter', 'weight', 'hwio'], ['bias', 'bias', 'same']],
  }),

  describe: (layer) => describeWith(layer, String(layer.filters), windowText(layer.kernelSize), layer.padding ?? 'valid'),
};
