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
