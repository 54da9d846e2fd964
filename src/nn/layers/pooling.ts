// What max and average pooling share: a window (`strides` left out means "equal to
// poolSize", docs/conventions.md), no parameters, the activation applied after.
import type { Tensor } from '../../engine/tensor';
import type { LayerInputOf, LayerOf } from '../../spec';
import { describeWith, windowText } from './describe';
import { MAX_WINDOW, paddingField } from './fields';
import { needImage, pair, windowOutput } from './geometry';
import type { BuildContext, FieldDesc, LayerCost, LayerModule, LayerOps } from './types';

type PoolType = 'maxPool2d' | 'avgPool2d';
type PoolOp = LayerOps['maxPool2d'];

export const poolFields = [
  { key: 'poolSize', label: 'Pool size', kind: 'window', max: MAX_WINDOW, help: 'Size of each window: a number, or height x width such as 3x5.' },
  { key: 'strides', label: 'Strides', kind: 'window', max: MAX_WINDOW, unset: 'same as pool', help: 'Step between windows (empty: the pool size): a number, or height x width.' },
  paddingField,
] as const satisfies readonly FieldDesc[];

export function inferPool(input: readonly number[], layer: LayerInputOf<PoolType>, label: string): LayerCost {
  const [h, w, c] = needImage(input, label);
  const poolSize = layer.poolSize ?? 2;
  const [oh, ow] = windowOutput(h, w, poolSize, layer.strides ?? poolSize, layer.padding, 1, label, 'poolSize');
  return { outputShape: [oh, ow, c], params: 0, flops: 0 };
}

export function buildPool(layer: LayerOf<PoolType>, ctx: BuildContext, op: (ops: LayerOps) => PoolOp): LayerModule {
  const poolSize = pair(layer.poolSize, 2);
  const strides = layer.strides === undefined ? poolSize : pair(layer.strides, 1);
  const opts = { poolSize, strides, padding: layer.padding };
  return { params: [], forward: (x: Tensor) => ctx.activate(op(ctx.ops)(x, opts), false) };
}

export const describePool = (layer: LayerOf<PoolType>) => describeWith(layer, windowText(layer.poolSize));
