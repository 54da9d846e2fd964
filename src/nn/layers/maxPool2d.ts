// Max pooling over windows of NHWC images.
import { buildPool, describePool, inferPool, poolFields } from './pooling';
import { torchPool } from './torch-form';
import type { LayerDef } from './types';

export const maxPool2d: LayerDef<'maxPool2d'> = {
  type: 'maxPool2d',
  palette: { name: 'Max Pool', hint: 'Largest value per window', defaults: { type: 'maxPool2d', poolSize: 2, padding: 'valid' } },
  fields: poolFields,
  infer: inferPool,
  build: (layer, ctx) => buildPool(layer, ctx, (ops) => ops.maxPool2d),
  pytorch: (layer) => ({ module: torchPool('max', layer) }),
  describe: describePool,
};
