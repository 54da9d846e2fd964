// Dense: y = x·W + b on flat inputs (weight [in, out], bias [out]).
import { MAX_UNITS, showShape } from '../../spec';
import { describeWith } from './describe';
import { ShapeError } from './geometry';
import type { LayerDef } from './types';

export const dense: LayerDef<'dense'> = {
  type: 'dense',
  palette: { name: 'Dense', hint: 'Fully connected units', defaults: { type: 'dense', units: 16, activation: 'relu' } },
  fields: [{ key: 'units', label: 'Units', kind: 'integer', min: 1, max: MAX_UNITS, help: 'How many outputs (neurons) the layer has.' }],
  initializable: true,
  sizeField: 'units',

  infer(input, layer, label) {
    if (input.length !== 1) {
      throw new ShapeError(null, `${label} needs a flat input [features] but receives ${showShape(input)}; add a Flatten layer before it.`);
    }
    const [features] = input;
    return { outputShape: [layer.units], params: features * layer.units + layer.units, flops: 2 * features * layer.units };
  },

  build(layer, ctx) {
    const fanIn = ctx.inputShape[ctx.inputShape.length - 1];
    const fans = { fanIn, fanOut: layer.units };
    return {
      params: [ctx.weight('weight', [fanIn, layer.units], fans), ctx.bias('bias', [layer.units], fans)],
      forward: (x, [w, b]) => ctx.activate(ctx.ops.dense(x, w, b, ctx.fusable, ctx.alpha), true),
    };
  },

  pytorch: (layer, at) => ({
    module: `nn.Linear(${at.inputShape[at.inputShape.length - 1]}, ${layer.units})`,
    tensors: [['weight', 'weight', 'dense'], ['bias', 'bias', 'same']],
  }),

  describe: (layer) => describeWith(layer, String(layer.units)),
};
