// Global average pooling: the mean over height and width of each channel, [H, W, C] -> [C]
// (PyTorch's AdaptiveAvgPool2d(1) then flatten). Composed from the engine's mean over axes
// 1 and 2 of [N, H, W, C]: exact, one reduction forward and a broadcast backward on both
// backends, so it needs no kernel of its own.
import { describeWith } from './describe';
import { needImage } from './geometry';
import type { LayerDef } from './types';

export const globalAvgPool2d: LayerDef<'globalAvgPool2d'> = {
  type: 'globalAvgPool2d',
  palette: { name: 'Global Avg Pool', hint: 'Mean of each channel over the image', defaults: { type: 'globalAvgPool2d' } },
  fields: [],

  infer(input, _layer, label) {
    const [, , c] = needImage(input, label);
    return { outputShape: [c], params: 0, flops: 0 };
  },

  build: (_layer, ctx) => ({ params: [], forward: (x) => ctx.activate(ctx.ops.mean(x, [1, 2]), false) }),
  pytorch: () => ({ module: 'GlobalAvgPool2d()' }),
  describe: (layer) => describeWith(layer),
};
