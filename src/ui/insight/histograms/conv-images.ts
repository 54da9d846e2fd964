// Convolution filters and feature maps as grey images (0..255), each scaled to its own range.

function toGrey(values: number[]): number[] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) { if (v < min) min = v; if (v > max) max = v; }
  const span = max - min;
  return values.map((v) => (span > 0 ? Math.round(((v - min) / span) * 255) : 0));
}

/** Filter `f` of HWIO weights [kh, kw, in, filters], input channel 0. */
export function filterImage(weights: readonly number[], shape: readonly number[], f: number): number[] {
  const [kh, kw, cin, filters] = shape;
  const out: number[] = [];
  for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) out.push(weights[((y * kw + x) * cin) * filters + f]);
  return toGrey(out);
}

/** Channel `c` of a feature map [h, w, channels]. */
export function featureMap(maps: readonly number[], shape: readonly number[], c: number): number[] {
  const [h, w, channels] = shape;
  const out: number[] = [];
  for (let i = 0; i < h * w; i++) out.push(maps[i * channels + c]);
  return toGrey(out);
}
