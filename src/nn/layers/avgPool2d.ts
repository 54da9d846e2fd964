// Average pooling over windows of NHWC images (`same` divides by the real elements).
import { buildPool, describePool, inferPool, poolFields } from './pooling';
import { torchPool } from './torch-form';
import type { LayerDef } from './types';

export const avgPool2d: LayerDef<'avgPool2d'> = {
  type: 'avgPool2d',
  palette: { name: 'Average Pool', hint: 'Mean value per window', defaults: { type: 'avgPool2d', poolSize: 2, padding: 'valid' } },
  fields: poolFields,
  infer: inferPool,
  build: (layer, ctx) => buildPool(layer, ctx, (ops) => ops.avgPool2d),
  pytorch: (layer) => ({ module: torchPool('avg', layer) }),
  describe: describePool,
};
