// Shape ops with autograd. Tensors are contiguous, so reshape is a free view; its
// gradient is the upstream gradient viewed in the input's shape.
import { record } from '../tape';
import type { Shape } from '../shape';
import type { Tensor } from '../tensor';

export function reshape(x: Tensor, shape: Shape): Tensor {
  const y = x.reshape(shape);
  return record('reshape', [x], y, (dy) => [dy.reshape(x.shape)]);
}

/** [N, ...] -> [N, prod(...)]. */
export function flatten(x: Tensor): Tensor {
  return reshape(x, [x.shape[0], x.size / Math.max(1, x.shape[0])]);
}
