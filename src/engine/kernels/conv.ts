import type { Shape } from '../shape';
import type { Tensor } from '../tensor';
import type { Activation } from './pointwise';

/** NHWC; see docs/conventions.md for the padding rule. */
export interface Conv2dOptions {
  strides: [number, number];
  padding: 'same' | 'valid';
  dilation: [number, number];
  /** Fused epilogue (forward only): y = activation(conv + bias). */
  bias?: Tensor;
  activation?: Activation;
  /** leakyRelu slope / elu scale; default: the activation's (defaultAlpha, PyTorch's). */
  alpha?: number;
}

export interface Pool2dOptions {
  poolSize: [number, number];
  strides: [number, number];
  padding: 'same' | 'valid';
}

export interface ConvKernels {
  /** x [N, H, W, Cin], filter [kh, kw, Cin, Cout] → [N, Ho, Wo, Cout]. Implicit GEMM. */
  conv2d(x: Tensor, filter: Tensor, options: Conv2dOptions): Tensor;
  conv2dGradInput(dy: Tensor, filter: Tensor, xShape: Shape, options: Conv2dOptions): Tensor;
  conv2dGradFilter(x: Tensor, dy: Tensor, filterShape: Shape, options: Conv2dOptions): Tensor;
  /** x [N, H, W, C], filter [kh, kw, C, M] → [N, Ho, Wo, C·M]. */
  depthwiseConv2d(x: Tensor, filter: Tensor, options: Conv2dOptions): Tensor;
  depthwiseConv2dGradInput(dy: Tensor, filter: Tensor, xShape: Shape, options: Conv2dOptions): Tensor;
  depthwiseConv2dGradFilter(x: Tensor, dy: Tensor, filterShape: Shape, options: Conv2dOptions): Tensor;
  /** Returns the pooled values and, per output, the flat input index of its max (u32). */
  maxPool2d(x: Tensor, options: Pool2dOptions): { y: Tensor; argmax: Tensor };
  /**
   * Gather-style and deterministic: each input element sums the dy of the windows whose
   * argmax it is. NOTE: needs the window geometry (`options`) to know which windows
   * cover an input; a scatter over argmax alone would need atomics on the GPU.
   */
  maxPool2dGrad(dy: Tensor, argmax: Tensor, xShape: Shape, options: Pool2dOptions): Tensor;
  /** 'same' padding divides by the number of real (unpadded) elements, as TensorFlow. */
  avgPool2d(x: Tensor, options: Pool2dOptions): Tensor;
  avgPool2dGrad(dy: Tensor, xShape: Shape, options: Pool2dOptions): Tensor;
  /** Σ dy over every axis but the last: the bias gradient of a conv ([..., C] → [C]). Deterministic. */
  conv2dGradBias(dy: Tensor): Tensor;
}
