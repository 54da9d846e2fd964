// Colours of the boundary views (TensorFlow Playground's palette): orange for the first
// class / negative values, blue for the second / positive, white or light grey between.
// Pure functions, so the mapping is unit-tested without a canvas.

export type Rgb = [number, number, number];

export const ORANGE: Rgb = [245, 147, 34];
export const BLUE: Rgb = [8, 119, 189];
const WHITE: Rgb = [255, 255, 255];
const GREY: Rgb = [232, 234, 235];
/** Classes beyond two (a CSV, later) get these. */
const MORE: Rgb[] = [[46, 160, 67], [200, 60, 150], [120, 90, 200], [190, 60, 50], [90, 90, 90], [20, 160, 160], [160, 140, 20], [70, 110, 40]];

export function classColour(k: number): Rgb {
  return k === 0 ? ORANGE : k === 1 ? BLUE : MORE[(k - 2) % MORE.length];
}

export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  const u = Math.max(0, Math.min(1, t));
  return [Math.round(a[0] + (b[0] - a[0]) * u), Math.round(a[1] + (b[1] - a[1]) * u), Math.round(a[2] + (b[2] - a[2]) * u)];
}

/**
 * One cell from its class probabilities: the likeliest class's colour, lighter the less
 * confident (white at chance, 1/k), full at certainty. `discretize` drops the lightness.
 */
export function probabilityColour(probs: ArrayLike<number>, at: number, k: number, discretize: boolean): Rgb {
  let best = 0;
  for (let j = 1; j < k; j++) if (probs[at + j] > probs[at + best]) best = j;
  const confidence = (probs[at + best] - 1 / k) / (1 - 1 / k);
  return mix(WHITE, classColour(best), discretize ? 0.85 : 0.15 + 0.7 * confidence);
}

/** A value on a diverging scale: -scale orange, 0 light grey, +scale blue (discretized: its sign). */
export function divergingColour(v: number, scale: number, discretize = false): Rgb {
  const t = discretize ? Math.sign(v) : Math.max(-1, Math.min(1, v / (scale || 1)));
  return t < 0 ? mix(GREY, ORANGE, -t) : mix(GREY, BLUE, t);
}

/** The scale of a diverging plot: the largest |value| (at least a tiny positive number). */
export function symmetricScale(values: ArrayLike<number>, from = 0, to = values.length): number {
  let m = 0;
  for (let i = from; i < to; i++) if (Number.isFinite(values[i])) m = Math.max(m, Math.abs(values[i]));
  return m > 0 ? m : 1e-6;
}

export const css = (c: Rgb) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
