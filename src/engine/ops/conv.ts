// Autograd ops: convolution and pooling (NHWC; layouts in docs/conventions.md). Each op
// runs its backend kernel and records its backward rule right beside it.
//
// Fused activation: when no gradient is needed (inference, evaluation) the kernel's
// epilogue applies bias + activation in one pass. When training, the kernel fuses only the
// bias, keeping the pre-activation z, and the activation runs as its own pointwise kernel:
// backward needs f'(z), and several activations (gelu, silu, softplus, elu) cannot
// recover z from y. One extra elementwise pass is cheap next to the convolution.
import type { Padding } from '../conv-geometry';
import type { Conv2dOptions, Pool2dOptions } from '../kernels/conv';
import { defaultAlpha, type Activation } from '../kernels/pointwise';
import { isGradEnabled, record } from '../tape';
import type { Tensor } from '../tensor';

type Pair = number | readonly [number, number];

export interface ConvArgs {
  strides?: Pair;
  padding?: Padding;
  dilation?: Pair;
  bias?: Tensor;
  activation?: Activation;
  /** leakyRelu slope (default 0.01) / elu scale (default 1): PyTorch's, from the pointwise table. */
  alpha?: number;
}

export interface PoolArgs {
  poolSize: Pair;
  /** Default: poolSize. */
  strides?: Pair;
  padding?: Padding;
}

const pair = (p: Pair): [number, number] => (typeof p === 'number' ? [p, p] : [p[0], p[1]]);

function convOptions(a: ConvArgs): Conv2dOptions {
  return { strides: pair(a.strides ?? 1), padding: a.padding ?? 'valid', dilation: pair(a.dilation ?? 1) };
}

function poolOptions(a: PoolArgs): Pool2dOptions {
  return { poolSize: pair(a.poolSize), strides: pair(a.strides ?? a.poolSize), padding: a.padding ?? 'valid' };
}

const needsGrad = (ts: (Tensor | undefined)[]) => isGradEnabled() && ts.some((t) => t?.requiresGrad);

type ConvKind = 'conv2d' | 'depthwiseConv2d';

/** Shared by conv2d and depthwiseConv2d: the kernels differ, the autograd plumbing does not. */
function convOp(kind: ConvKind, x: Tensor, filter: Tensor, args: ConvArgs): Tensor {
  const b = x.backend;
  const o = convOptions(args);
  const { bias } = args;
  const act = args.activation && args.activation !== 'linear' ? args.activation : undefined;
  const alpha = args.alpha ?? defaultAlpha(act);
  const inputs = bias ? [x, filter, bias] : [x, filter];
  const forward = (opts: Conv2dOptions) => (kind === 'conv2d' ? b.conv2d(x, filter, opts) : b.depthwiseConv2d(x, filter, opts));
  if (!needsGrad(inputs)) return forward({ ...o, bias, activation: act, alpha });

  const z = forward({ ...o, bias });
  const y = act ? b.unary(act, z, alpha) : z;
  return record(kind, inputs, y, (dy) => {
    const dz = act ? b.unaryGrad(act, z, y, dy, alpha) : dy;
    const dx = !x.requiresGrad
      ? null
      : kind === 'conv2d'
        ? b.conv2dGradInput(dz, filter, x.shape, o)
        : b.depthwiseConv2dGradInput(dz, filter, x.shape, o);
    const dw = !filter.requiresGrad
      ? null
      : kind === 'conv2d'
        ? b.conv2dGradFilter(x, dz, filter.shape, o)
        : b.depthwiseConv2dGradFilter(x, dz, filter.shape, o);
    const db = bias?.requiresGrad ? b.conv2dGradBias(dz) : null;
    if (dz !== dy) dz.dispose();
    return [dx, dw, db];
  });
}

/** x [N, H, W, Cin], filter [kh, kw, Cin, Cout], bias [Cout] → [N, Ho, Wo, Cout]. */
export function conv2d(x: Tensor, filter: Tensor, args: ConvArgs = {}): Tensor {
  return convOp('conv2d', x, filter, args);
}

/** x [N, H, W, C], filter [kh, kw, C, M], bias [C·M] → [N, Ho, Wo, C·M] (channel c·M + m). */
export function depthwiseConv2d(x: Tensor, filter: Tensor, args: ConvArgs = {}): Tensor {
  return convOp('depthwiseConv2d', x, filter, args);
}

/**
 * Depthwise (multiplier 1, no bias) then a pointwise 1x1 conv carrying the bias and the
 * activation: depthwiseFilter [kh, kw, C, 1], pointwiseFilter [1, 1, C, filters].
 */
export function separableConv2d(x: Tensor, depthwiseFilter: Tensor, pointwiseFilter: Tensor, args: ConvArgs = {}): Tensor {
  const { bias, activation, alpha, ...window } = args;
  const d = depthwiseConv2d(x, depthwiseFilter, window);
  return conv2d(d, pointwiseFilter, { bias, activation, alpha });
}

/** Max over each window; backward routes dy to the argmax (first maximum on ties). */
export function maxPool2d(x: Tensor, args: PoolArgs): Tensor {
  const b = x.backend;
  const o = poolOptions(args);
  const { y, argmax } = b.maxPool2d(x, o);
  if (!needsGrad([x])) {
    argmax.dispose();
    return y;
  }
  return record('maxPool2d', [x], y, (dy) => [b.maxPool2dGrad(dy, argmax, x.shape, o)]);
}

/** Mean over each window; 'same' padding divides by the real (unpadded) elements, as TF. */
export function avgPool2d(x: Tensor, args: PoolArgs): Tensor {
  const b = x.backend;
  const o = poolOptions(args);
  const y = b.avgPool2d(x, o);
  return record('avgPool2d', [x], y, (dy) => [b.avgPool2dGrad(dy, x.shape, o)]);
}
