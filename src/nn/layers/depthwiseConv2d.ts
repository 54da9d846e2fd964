// Depthwise conv2d: filter [kh, kw, C, depthMultiplier], output channel c · multiplier + m.
import { describeWith, windowText } from './describe';
import { convWindowFields } from './fields';
import { needImage, pair, windowOutput } from './geometry';
import { torchConv } from './torch-form';
import type { LayerDef } from './types';

export const depthwiseConv2d: LayerDef<'depthwiseConv2d'> = {
  type: 'depthwiseConv2d',
  palette: {
    name: 'Depthwise Conv2D', hint: 'One filter per channel',
    defaults: { type: 'depthwiseConv2d', kernelSize: 3, strides: 1, padding: 'same', dilation: 1, depthMultiplier: 1 },
  },
  fields: [
    ...convWindowFields,
    { key: 'depthMultiplier', label: 'Depth multiplier', kind: 'integer', min: 1, max: 256, help: 'Output channels per input channel.' },
  ],
  initializable: true,

  infer(input, layer, label) {
    const [h, w, c] = needImage(input, label);
    const [oh, ow] = windowOutput(h, w, layer.kernelSize, layer.strides, layer.padding, layer.dilation, label, 'kernelSize');
    const [kh, kw] = pair(layer.kernelSize, 1);
    const outC = c * (layer.depthMultiplier ?? 1);
    return { outputShape: [oh, ow, outC], params: kh * kw * outC + outC, flops: 2 * oh * ow * outC * kh * kw };
  },

  build(layer, ctx) {
    const [kh, kw] = pair(layer.kernelSize, 1);
    const c = ctx.inputShape[2];
    const m = layer.depthMultiplier;
    const fans = { fanIn: kh * kw, fanOut: kh * kw * m };
    const opts = { strides: pair(layer.strides, 1), padding: layer.padding, dilation: pair(layer.dilation, 1) };
    return {
      params: [ctx.weight('filter', [kh, kw, c, m], fans), ctx.bias('bias', [c * m], fans)],
      forward: (x, [w, b]) => ctx.activate(ctx.ops.depthwiseConv2d(x, w, { ...opts, bias: b, activation: ctx.fusable, alpha: ctx.alpha }), true),
    };
  },

  pytorch: (layer, at) => ({
    module: torchConv(at.inputShape[2], at.inputShape[2] * (layer.depthMultiplier ?? 1), layer, at.inputShape[2]),
    tensors: [['filter', 'weight', 'depthwise'], ['bias', 'bias', 'same']],
  }),

  describe: (layer) => describeWith(layer, windowText(layer.kernelSize), layer.padding ?? 'valid'),
};
