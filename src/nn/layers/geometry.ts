// Shape helpers shared by the layer modules: the error shape inference throws, windows,
// and the image check. Shapes exclude the batch axis; images are [H, W, C] (NHWC).
import { showShape } from '../../spec';
import type { Padding, WindowSize } from '../../spec';

/** A shape problem of one layer; `field` (e.g. "kernelSize") makes the path precise. */
export class ShapeError extends Error {
  constructor(readonly field: string | null, message: string) { super(message); }
}

export const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** A window size as [height, width]. */
export const pair = (size: WindowSize | undefined, fallback: number): [number, number] =>
  size === undefined ? [fallback, fallback] : typeof size === 'number' ? [size, size] : [size[0], size[1]];

export function needImage(input: readonly number[], label: string): [number, number, number] {
  if (input.length !== 3) {
    throw new ShapeError(null, `${label} needs an image input [H, W, C] but receives ${showShape(input)}; add a reshape layer or remove it.`);
  }
  return [input[0], input[1], input[2]];
}

/** Output height and width of a sliding window (TensorFlow's `same` rule: ceil(in / stride)). */
export function windowOutput(
  h: number, w: number, size: WindowSize, strides: WindowSize | undefined, padding: Padding | undefined,
  dilation: WindowSize | undefined, label: string, field: string,
): [number, number] {
  const [kh, kw] = pair(size, 1);
  const [sh, sw] = pair(strides, 1);
  const [dh, dw] = pair(dilation, 1);
  if ((padding ?? 'valid') === 'same') return [Math.ceil(h / sh), Math.ceil(w / sw)];
  const eh = (kh - 1) * dh + 1;
  const ew = (kw - 1) * dw + 1;
  if (eh > h || ew > w) {
    const dilated = dh > 1 || dw > 1 ? ` (${eh}x${ew} with dilation)` : '';
    throw new ShapeError(field, `${label}: its ${field} ${kh}x${kw}${dilated} is larger than its input ${h}x${w}; use a smaller ${field}, padding "same", or remove the layer.`);
  }
  return [Math.floor((h - eh) / sh) + 1, Math.floor((w - ew) / sw) + 1];
}

/** The same shape out, no FLOPs (elementwise layers; norms add their scale and shift). */
export const sameShape = (input: readonly number[], params = 0) => ({ outputShape: [...input], params, flops: 0 });
