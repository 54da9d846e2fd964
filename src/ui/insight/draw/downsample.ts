// The drawing pad's picture as the dataset's input: the pad's ink (white on black, like
// MNIST and Fashion-MNIST after their inversion) averaged down to height x width, 0..1.

/**
 * Box-filters an RGBA image of `srcW` x `srcH` (the red channel holds the ink) down to
 * `w` x `h` values in 0..1. Each output pixel averages the source pixels whose centres
 * fall in its box, so a stroke keeps its total ink.
 */
export function downsample(rgba: ArrayLike<number>, srcW: number, srcH: number, w: number, h: number): number[] {
  const sum = new Float64Array(w * h);
  const count = new Float64Array(w * h);
  for (let y = 0; y < srcH; y++) {
    const oy = Math.min(h - 1, Math.floor(((y + 0.5) * h) / srcH));
    for (let x = 0; x < srcW; x++) {
      const ox = Math.min(w - 1, Math.floor(((x + 0.5) * w) / srcW));
      sum[oy * w + ox] += rgba[(y * srcW + x) * 4] / 255;
      count[oy * w + ox]++;
    }
  }
  return Array.from(sum, (s, i) => (count[i] ? s / count[i] : 0));
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The bounding box of the ink (red channel above `threshold`), or null on a blank pad. */
export function inkBounds(rgba: ArrayLike<number>, w: number, h: number, threshold = 16): Box | null {
  let x0 = w;
  let y0 = h;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (rgba[(y * w + x) * 4] <= threshold) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

/**
 * Where to put the ink so it sits as the dataset's images do: its longer side scaled to
 * `fraction` of the pad, centred. MNIST fitted each digit into 20x20 inside 28x28 (20/28);
 * Fashion-MNIST's garments fill the frame (1).
 */
export function placement(ink: Box, pad: number, fraction: number): Box {
  const side = pad * fraction;
  const scale = side / Math.max(ink.w, ink.h);
  const w = ink.w * scale;
  const h = ink.h * scale;
  return { x: (pad - w) / 2, y: (pad - h) / 2, w, h };
}
