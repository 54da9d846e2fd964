// Reshape: the same values in memory order under a new shape; -1 infers one size.
import { showShape } from '../../spec';
import { describeWith } from './describe';
import { ShapeError, product } from './geometry';
import type { LayerDef } from './types';

export const reshape: LayerDef<'reshape'> = {
  type: 'reshape',
  palette: { name: 'Reshape', hint: 'Change the shape', defaults: { type: 'reshape', shape: [28, 28, 1] } },
  outputIsView: true,
  fields: [{ key: 'shape', label: 'Shape', kind: 'shape', help: 'Sizes separated by commas, without the batch; -1 infers one size.' }],
  infer: (input, layer, label) => ({ outputShape: reshapeTo(input, layer.shape, label), params: 0, flops: 0 }),
  build: (_layer, ctx) => ({ params: [], forward: (x) => ctx.activate(ctx.ops.reshape(x, [x.shape[0], ...ctx.outputShape]), false) }),
  pytorch: (_layer, at) => ({ module: `Reshape([${at.outputShape.join(', ')}])` }),
  describe: (layer) => describeWith(layer, `[${layer.shape.join(', ')}]`),
};

function reshapeTo(input: readonly number[], target: readonly number[], label: string): number[] {
  const total = product(input);
  const wildcards = target.filter((d) => d === -1).length;
  if (wildcards > 1) throw new ShapeError('shape', `${label}: shape may contain -1 only once; got ${showShape([...target])}.`);
  const known = product(target.filter((d) => d !== -1));
  const inferred = wildcards === 1 ? total / known : known;
  if (!Number.isInteger(inferred) || inferred * (wildcards === 1 ? known : 1) !== total || inferred === 0) {
    throw new ShapeError('shape', `${label} cannot reshape ${showShape(input)} (${total} values) to ${showShape([...target])} (${wildcards ? `a multiple of ${known}` : known} values); choose a shape whose sizes multiply to ${total}.`);
  }
  return target.map((d) => (d === -1 ? inferred : d));
}
