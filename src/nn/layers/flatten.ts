// Flatten: [H, W, C] (or any shape) to one axis, in memory order (NHWC: channels fastest).
import { describeWith } from './describe';
import { product } from './geometry';
import type { LayerDef } from './types';

export const flatten: LayerDef<'flatten'> = {
  type: 'flatten',
  palette: { name: 'Flatten', hint: 'Images to flat vectors', defaults: { type: 'flatten' } },
  outputIsView: true,
  fields: [],
  infer: (input) => ({ outputShape: [product(input)], params: 0, flops: 0 }),
  build: (_layer, ctx) => ({ params: [], forward: (x) => ctx.activate(ctx.ops.reshape(x, [x.shape[0], ...ctx.outputShape]), false) }),
  pytorch: (_layer, at) => ({ module: at.inputShape.length === 3 ? 'NhwcFlatten()' : 'nn.Flatten()' }),
  describe: (layer) => describeWith(layer),
};
