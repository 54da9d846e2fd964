// Convolution as GEMM (NHWC, HWIO filters): im2col lays out each output pixel's receptive
// field as one row, (tap, channel) in the filter's row order, so conv = cols · filter;
// col2im adds the rows of dcols = dy · filterᵀ back into dx. Both walk (pixel, tap) in the
// order of the TypeScript reference (src/engine/cpu/conv-taps.ts forEachTap), so col2im
// adds every input's contributions in the reference's order.

/** Copies n floats (a channel run): f32x4 while 4 remain, then one by one. */
function copyRun(dst: usize, src: usize, n: i32): void {
  let c = 0;
  for (; c + 4 <= n; c += 4) v128.store(dst + <usize>c * 4, v128.load(src + <usize>c * 4));
  for (; c < n; c++) store<f32>(dst + <usize>c * 4, load<f32>(src + <usize>c * 4));
}

/** dst[0:n] += src[0:n]. */
function addRun(dst: usize, src: usize, n: i32): void {
  let c = 0;
  for (; c + 4 <= n; c += 4) v128.store(dst + <usize>c * 4, f32x4.add(v128.load(dst + <usize>c * 4), v128.load(src + <usize>c * 4)));
  for (; c < n; c++) store<f32>(dst + <usize>c * 4, load<f32>(dst + <usize>c * 4) + load<f32>(src + <usize>c * 4));
}

/**
 * Walks every (output pixel, tap) of `images` images: x is the images' first pixel, cols the
 * matrix [images·Ho·Wo, kh·kw·C]. toCols: cols = the taps (zeros outside the image);
 * otherwise x += the rows' taps (col2im).
 */
function walk(x: usize, cols: usize, g: usize, toCols: bool): void {
  // g: the window geometry as 14 i32: images, H, W, C, Ho, Wo, kh, kw, sh, sw, dh, dw, padTop, padLeft.
  const images = load<i32>(g, 0), H = load<i32>(g, 4), W = load<i32>(g, 8), C = load<i32>(g, 12);
  const Ho = load<i32>(g, 16), Wo = load<i32>(g, 20), kh = load<i32>(g, 24), kw = load<i32>(g, 28);
  const sh = load<i32>(g, 32), sw = load<i32>(g, 36), dh = load<i32>(g, 40), dw = load<i32>(g, 44);
  const padTop = load<i32>(g, 48), padLeft = load<i32>(g, 52);
  const run = <usize>C * 4;
  let row = cols;
  for (let n = 0; n < images; n++)
    for (let oy = 0; oy < Ho; oy++)
      for (let ox = 0; ox < Wo; ox++) {
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * sh - padTop + ky * dh;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * sw - padLeft + kx * dw;
            const tap = row + <usize>(ky * kw + kx) * run;
            const inside = iy >= 0 && iy < H && ix >= 0 && ix < W;
            const pixel = x + (<usize>((n * H + iy) * W + ix)) * run;
            if (toCols) {
              if (inside) copyRun(tap, pixel, C);
              else memory.fill(tap, 0, run);
            } else if (inside) addRun(pixel, tap, C);
          }
        }
        row += <usize>(kh * kw) * run;
      }
}

export function im2col(x: usize, cols: usize, g: usize): void {
  walk(x, cols, g, true);
}

export function col2im(dcols: usize, dx: usize, g: usize): void {
  walk(dx, dcols, g, false);
}
