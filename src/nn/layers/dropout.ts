// Inverted dropout while training; the identity in evaluation. Masks come from
// hashUniform(seed of this layer, step stream, element) on both backends.
import { describeWith } from './describe';
import { sameShape } from './geometry';
import { pyNumber } from './torch-form';
import type { LayerDef } from './types';

export const dropout: LayerDef<'dropout'> = {
  type: 'dropout',
  palette: { name: 'Dropout', hint: 'Randomly zero inputs while training', defaults: { type: 'dropout', rate: 0.2 } },
  fields: [{
    key: 'rate', label: 'Rate', kind: 'number', min: 0, max: 1, below: true,
    help: 'The fraction of inputs zeroed while training (below 1); the kept ones are scaled by 1 / (1 - rate).',
  }],
  infer: (input) => sameShape(input),

  build(layer, ctx) {
    const seedOf = (seed: number) => ctx.ops.hashU32(seed, 0xd80, ctx.index);
    return {
      params: [],
      forward: (x, _p, _s, f) => ctx.activate(ctx.ops.dropout(x, layer.rate, seedOf(f.seed), f.stream, f.training), false),
    };
  },

  pytorch: (layer, at) => ({ module: `SeededDropout(${pyNumber(layer.rate)}, ${at.index})` }),

  describe: (layer) => describeWith(layer, String(layer.rate)),
};
