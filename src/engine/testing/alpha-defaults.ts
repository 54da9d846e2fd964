// Every engine path that applies an activation, called without `alpha`, at x = -1: the
// value and the gradient must be PyTorch's defaults (leakyRelu slope 0.01, elu alpha 1),
// which the pointwise table holds. Shared by the CPU test and the WebGPU test.
import type { Backend } from '../backend';
import { activation, conv2d, dense, depthwiseConv2d, elu, leakyRelu, separableConv2d, unary } from '../ops';
import { backward, noGrad } from '../tape';
import type { Tensor } from '../tensor';

/** torch 1.13, float32: F.leaky_relu(x) and F.elu(x) at x = -1 with default arguments, and d/dx. */
export const TORCH_AT_MINUS_ONE = {
  leakyRelu: { y: -0.009999999776482582, dx: 0.009999999776482582 },
  elu: { y: -0.6321205496788025, dx: 0.3678794503211975 },
} as const;
export type AlphaActivation = keyof typeof TORCH_AT_MINUS_ONE;

export interface AlphaPath {
  name: string;
  /** y = the path's activation of -1 (shape of one element), and dx = dy/dx when the path has a backward. */
  run(b: Backend, act: AlphaActivation): { y: Tensor; dx?: Tensor };
}

const minusOne = (b: Backend, shape: number[], grad: boolean) => {
  const x = b.upload([-1], shape);
  x.requiresGrad = grad;
  return x;
};
/** dy/dx of a path with one input element (dy = 1). */
const gradOf = (y: Tensor, x: Tensor) => backward(y).get(x)!;
const one = (b: Backend, shape: number[]) => b.upload([1], shape);

/** A 1x1 image conv (weight 1) or dense (weight 1): the activation sees exactly x. */
export const ALPHA_PATHS: AlphaPath[] = [
  {
    name: 'backend unary / unaryGrad kernels',
    run: (b, act) => {
      const x = minusOne(b, [1], false);
      const y = b.unary(act, x);
      return { y, dx: b.unaryGrad(act, x, y, one(b, [1])) };
    },
  },
  {
    name: 'activation() op',
    run: (b, act) => {
      const x = minusOne(b, [1], true);
      const y = activation(x, act);
      return { y, dx: gradOf(y, x) };
    },
  },
  {
    name: 'unary() op',
    run: (b, act) => {
      const x = minusOne(b, [1], true);
      const y = unary(act, x);
      return { y, dx: gradOf(y, x) };
    },
  },
  {
    name: 'leakyRelu() / elu() ops',
    run: (b, act) => {
      const x = minusOne(b, [1], true);
      const y = act === 'elu' ? elu(x) : leakyRelu(x);
      return { y, dx: gradOf(y, x) };
    },
  },
  {
    name: 'dense epilogue (inference: fused GEMM epilogue)',
    run: (b, act) => ({ y: noGrad(() => dense(minusOne(b, [1, 1], false), one(b, [1, 1]), null, act)) }),
  },
  {
    name: 'dense epilogue (training: z kept, epilogue gradient)',
    run: (b, act) => {
      const x = minusOne(b, [1, 1], true);
      const y = dense(x, one(b, [1, 1]), b.zeros([1]), act);
      return { y, dx: gradOf(y, x) };
    },
  },
  {
    name: 'matmul kernel with activation',
    run: (b, act) => ({ y: b.matmul(minusOne(b, [1, 1], false), one(b, [1, 1]), { activation: act }) }),
  },
  {
    name: 'matmulWithPreActivation / matmulEpilogueGrad kernels',
    run: (b, act) => {
      const { y, z } = b.matmulWithPreActivation(minusOne(b, [1, 1], false), one(b, [1, 1]), { activation: act });
      return { y, dx: b.matmulEpilogueGrad(one(b, [1, 1]), z, y, { activation: act }).dz };
    },
  },
  {
    name: 'conv2d epilogue (inference: fused)',
    run: (b, act) => ({ y: noGrad(() => conv2d(minusOne(b, [1, 1, 1, 1], false), one(b, [1, 1, 1, 1]), { activation: act })) }),
  },
  {
    name: 'conv2d (training: activation after the conv)',
    run: (b, act) => {
      const x = minusOne(b, [1, 1, 1, 1], true);
      const y = conv2d(x, one(b, [1, 1, 1, 1]), { activation: act, bias: b.zeros([1]) });
      return { y, dx: gradOf(y, x) };
    },
  },
  {
    name: 'conv2d kernel with activation',
    run: (b, act) => ({ y: b.conv2d(minusOne(b, [1, 1, 1, 1], false), one(b, [1, 1, 1, 1]), { strides: [1, 1], padding: 'valid', dilation: [1, 1], activation: act }) }),
  },
  {
    name: 'depthwiseConv2d epilogue (inference: fused)',
    run: (b, act) => ({ y: noGrad(() => depthwiseConv2d(minusOne(b, [1, 1, 1, 1], false), one(b, [1, 1, 1, 1]), { activation: act })) }),
  },
  {
    name: 'depthwiseConv2d (training)',
    run: (b, act) => {
      const x = minusOne(b, [1, 1, 1, 1], true);
      const y = depthwiseConv2d(x, one(b, [1, 1, 1, 1]), { activation: act, bias: b.zeros([1]) });
      return { y, dx: gradOf(y, x) };
    },
  },
  {
    name: 'depthwiseConv2d kernel with activation',
    run: (b, act) => ({ y: b.depthwiseConv2d(minusOne(b, [1, 1, 1, 1], false), one(b, [1, 1, 1, 1]), { strides: [1, 1], padding: 'valid', dilation: [1, 1], activation: act }) }),
  },
  {
    name: 'separableConv2d (inference)',
    run: (b, act) => ({ y: noGrad(() => separableConv2d(minusOne(b, [1, 1, 1, 1], false), one(b, [1, 1, 1, 1]), one(b, [1, 1, 1, 1]), { activation: act })) }),
  },
];

/** The path's value and gradient as numbers (one element each). */
export async function runAlphaPath(path: AlphaPath, b: Backend, act: AlphaActivation): Promise<{ y: number; dx?: number }> {
  const { y, dx } = path.run(b, act);
  return { y: (await y.read())[0], dx: dx ? (await dx.read())[0] : undefined };
}
