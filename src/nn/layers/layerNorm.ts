// Layer norm over the last axis, eps 1e-5, with affine gamma and beta of that size.
import { describeWith } from './describe';
import { sameShape } from './geometry';
import type { LayerDef } from './types';

const EPS = 1e-5;

export const layerNorm: LayerDef<'layerNorm'> = {
  type: 'layerNorm',
  palette: { name: 'Layer Norm', hint: 'Normalise over features', defaults: { type: 'layerNorm' } },
  fields: [],
  infer: (input) => sameShape(input, 2 * input[input.length - 1]),

  build(_layer, ctx) {
    const c = ctx.inputShape[ctx.inputShape.length - 1];
    return {
      params: [ctx.constant('gamma', [c], 1), ctx.constant('beta', [c], 0)],
      forward: (x, [g, b]) => ctx.activate(ctx.ops.layerNorm(x, g, b, EPS), false),
    };
  },

  pytorch: (_layer, at) => {
    const norm = `nn.LayerNorm(${at.inputShape[at.inputShape.length - 1]}, eps=${EPS})`;
    const image = at.inputShape.length === 3;
    const prefix = image ? 'inner.' : '';
    return {
      module: image ? `ChannelsLast(${norm})` : norm,
      tensors: [['gamma', `${prefix}weight`, 'same'], ['beta', `${prefix}bias`, 'same']],
    };
  },

  describe: (layer) => describeWith(layer),
};
