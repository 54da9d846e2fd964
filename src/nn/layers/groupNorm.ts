// Group norm: PyTorch's GroupNorm(groups, C) with eps 1e-5, channels last. Statistics per
// sample and group of C / groups consecutive channels, over the group's channels and (for
// images) every position; then a per-channel scale gamma (starts at 1) and shift beta
// (starts at 0). Works on [H, W, C] images and [C] vectors. groups = 1 normalises each
// sample as a whole; groups = C is instance norm.
import { MAX_UNITS, showShape } from '../../spec';
import { describeWith } from './describe';
import { ShapeError } from './geometry';
import type { LayerDef } from './types';

const EPS = 1e-5;

export const groupNorm: LayerDef<'groupNorm'> = {
  type: 'groupNorm',
  palette: { name: 'Group Norm', hint: 'Normalise groups of channels per sample', defaults: { type: 'groupNorm', groups: 2 } },
  fields: [{
    key: 'groups', label: 'Groups', kind: 'integer', min: 1, max: MAX_UNITS,
    help: 'How many groups of channels are normalised separately; it must divide the channels.',
  }],

  infer(input, layer, label) {
    if (input.length !== 1 && input.length !== 3) {
      throw new ShapeError(null, `${label} needs an image [H, W, C] or a vector [C] but receives ${showShape(input)}; add a reshape layer or remove it.`);
    }
    const channels = input[input.length - 1];
    if (channels % layer.groups !== 0) {
      throw new ShapeError('groups', `${label}: groups must divide the ${channels} channels: try ${listOr(divisors(channels))}; got ${layer.groups}.`);
    }
    return { outputShape: [...input], params: 2 * channels, flops: 0 };
  },

  build(layer, ctx) {
    const c = ctx.inputShape[ctx.inputShape.length - 1];
    return {
      params: [ctx.constant('gamma', [c], 1), ctx.constant('beta', [c], 0)],
      forward: (x, [g, b]) => ctx.activate(ctx.ops.groupNorm(x, g, b, layer.groups, EPS), false),
    };
  },

  pytorch: (layer, at) => ({
    module: `nn.GroupNorm(${layer.groups}, ${at.inputShape[at.inputShape.length - 1]}, eps=${EPS})`,
    tensors: [['gamma', 'weight', 'same'], ['beta', 'bias', 'same']],
  }),

  describe: (layer) => describeWith(layer, String(layer.groups)),
};

function divisors(n: number): number[] {
  const small: number[] = [];
  const large: number[] = [];
  for (let d = 1; d * d <= n; d++) {
    if (n % d !== 0) continue;
    small.push(d);
    if (d * d !== n) large.unshift(n / d);
  }
  return [...small, ...large];
}

/** [1, 2, 3] -> "1, 2 or 3". */
function listOr(values: number[]): string {
  return values.length === 1 ? String(values[0]) : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}
