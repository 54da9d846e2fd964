// Batch norm over the last axis (channels) with PyTorch's momentum 0.1 and eps 1e-5; the
// running statistics are model state, not parameters.
import { describeWith } from './describe';
import { sameShape } from './geometry';
import type { LayerDef } from './types';

const MOMENTUM = 0.1;
const EPS = 1e-5;

export const batchNorm: LayerDef<'batchNorm'> = {
  type: 'batchNorm',
  palette: { name: 'Batch Norm', hint: 'Normalise over the batch', defaults: { type: 'batchNorm' } },
  fields: [],
  // Scale and shift of the last axis (channels for images, features otherwise).
  infer: (input) => sameShape(input, 2 * input[input.length - 1]),

  build(_layer, ctx) {
    const c = ctx.inputShape[ctx.inputShape.length - 1];
    return {
      params: [ctx.constant('gamma', [c], 1), ctx.constant('beta', [c], 0)],
      state: [ctx.constant('runningMean', [c], 0), ctx.constant('runningVar', [c], 1)],
      forward: (x, [g, b], [mean, variance], f) =>
        ctx.activate(ctx.ops.batchNorm(x, g, b, { mean, variance }, { training: f.training, momentum: MOMENTUM, eps: EPS }), false),
    };
  },

  pytorch: (_layer, at) => ({
    module: `nn.BatchNorm${at.inputShape.length === 3 ? '2' : '1'}d(${at.inputShape[at.inputShape.length - 1]}, eps=${EPS}, momentum=${MOMENTUM})`,
    tensors: [['gamma', 'weight', 'same'], ['beta', 'bias', 'same'], ['runningMean', 'running_mean', 'same'], ['runningVar', 'running_var', 'same']],
  }),

  describe: (layer) => describeWith(layer),
};
