// Shape arithmetic shared by both backends and the autograd ops.

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** NumPy broadcasting: the result shape of combining a and b, or an error naming both. */
export function broadcastShapes(a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`Shapes [${a.join(', ')}] and [${b.join(', ')}] cannot be broadcast together.`);
    }
    out[i] = Math.max(da, db);
  }
  return out;
}

/** Axes of `out` along which `shape` (right-aligned) was broadcast: sum a gradient over them. */
export function broadcastAxes(shape: Shape, out: Shape): number[] {
  const axes: number[] = [];
  const lead = out.length - shape.length;
  for (let i = 0; i < out.length; i++) {
    const d = i < lead ? 1 : shape[i - lead];
    if (d === 1 && out[i] !== 1) axes.push(i);
  }
  return axes;
}

export function normalizeAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new Error(`Axis ${axis} is out of range for a tensor of rank ${rank}.`);
  return a;
}

export function shapeText(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}
