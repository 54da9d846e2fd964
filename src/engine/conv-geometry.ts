// Output sizes and padding for convolution and pooling windows (NHWC), shared by both
// backends, the autograd ops and the layers. TensorFlow's `same` rule: the output is
// ceil(in / stride) and the total padding is split with the smaller half first (top/left).
import type { Shape } from './shape';

export type Padding = 'same' | 'valid';

/** One spatial axis of a sliding window. */
export interface AxisGeometry {
  in: number;
  out: number;
  kernel: number;
  stride: number;
  dilation: number;
  /** Padding before the first element (top or left). */
  padBefore: number;
  padAfter: number;
}

export function axisGeometry(input: number, kernel: number, stride: number, dilation: number, padding: Padding): AxisGeometry {
  if (!(kernel >= 1 && stride >= 1 && dilation >= 1)) {
    throw new Error(`Window sizes must be ≥ 1 (kernel ${kernel}, stride ${stride}, dilation ${dilation}).`);
  }
  const span = (kernel - 1) * dilation + 1;
  const out = padding === 'same' ? Math.ceil(input / stride) : Math.floor((input - span) / stride) + 1;
  if (out < 1) {
    throw new Error(`A window of ${span} (kernel ${kernel}, dilation ${dilation}) does not fit an input of ${input} with 'valid' padding; use 'same' or a smaller kernel.`);
  }
  const total = padding === 'same' ? Math.max((out - 1) * stride + span - input, 0) : 0;
  const padBefore = Math.floor(total / 2);
  return { in: input, out, kernel, stride, dilation, padBefore, padAfter: total - padBefore };
}

/** Everything a 2-D window kernel needs, for x [N, H, W, C]. */
export interface WindowGeometry {
  batch: number;
  channels: number;
  h: AxisGeometry;
  w: AxisGeometry;
}

export function windowGeometry(
  xShape: Shape,
  kernel: readonly [number, number],
  strides: readonly [number, number],
  dilation: readonly [number, number],
  padding: Padding,
): WindowGeometry {
  if (xShape.length !== 4) throw new Error(`Expected an NHWC image batch [N, H, W, C]; got [${xShape.join(', ')}].`);
  return {
    batch: xShape[0],
    channels: xShape[3],
    h: axisGeometry(xShape[1], kernel[0], strides[0], dilation[0], padding),
    w: axisGeometry(xShape[2], kernel[1], strides[1], dilation[1], padding),
  };
}

/** [top, bottom, left, right], as the goldens' `pads` attribute. */
export function padsOf(g: WindowGeometry): [number, number, number, number] {
  return [g.h.padBefore, g.h.padAfter, g.w.padBefore, g.w.padAfter];
}
