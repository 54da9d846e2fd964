// Max and average pooling (NHWC) and their gradients: the TypeScript reference's loops
// (src/engine/cpu/conv-pool.ts) and arithmetic. The max scans a window in the reference's
// order with the same strict `>` (the first maximum wins ties; a NaN first element stays),
// four channels at a time; the average sums in float64 and divides once, as the reference
// does with JavaScript numbers; the gradients add into f32 in output order.

// g: the window geometry as 12 i32: batch, H, W, C, Ho, Wo, kh, kw, sh, sw, padTop, padLeft.

/** y and argmax (u32 element indices into x) of max pooling. */
export function maxPool(x: usize, y: usize, argmax: usize, g: usize): void {
  const batch = load<i32>(g, 0), H = load<i32>(g, 4), W = load<i32>(g, 8), C = load<i32>(g, 12);
  const Ho = load<i32>(g, 16), Wo = load<i32>(g, 20), kh = load<i32>(g, 24), kw = load<i32>(g, 28);
  const sh = load<i32>(g, 32), sw = load<i32>(g, 36), padTop = load<i32>(g, 40), padLeft = load<i32>(g, 44);
  let out = 0;
  for (let b = 0; b < batch; b++)
    for (let oy = 0; oy < Ho; oy++)
      for (let ox = 0; ox < Wo; ox++) {
        const y0 = max(0, oy * sh - padTop), y1 = min(H, oy * sh - padTop + kh);
        const x0 = max(0, ox * sw - padLeft), x1 = min(W, ox * sw - padLeft + kw);
        const first = ((b * H + y0) * W + x0) * C;
        let k = 0;
        for (; k + 4 <= C; k += 4) {
          let bi = i32x4.add(i32x4.splat(first + k), v128(0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0));
          let bv = v128.load(x + (<usize>(first + k)) * 4);
          for (let iy = y0; iy < y1; iy++)
            for (let ix = x0; ix < x1; ix++) {
              const at = ((b * H + iy) * W + ix) * C + k;
              const v = v128.load(x + (<usize>at) * 4);
              const win = f32x4.gt(v, bv);
              bv = v128.bitselect(v, bv, win);
              bi = v128.bitselect(i32x4.add(i32x4.splat(at), v128(0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0)), bi, win);
            }
          v128.store(y + (<usize>(out + k)) * 4, bv);
          v128.store(argmax + (<usize>(out + k)) * 4, bi);
        }
        for (; k < C; k++) {
          let best = first + k;
          let bv = load<f32>(x + (<usize>best) * 4);
          for (let iy = y0; iy < y1; iy++)
            for (let ix = x0; ix < x1; ix++) {
              const at = ((b * H + iy) * W + ix) * C + k;
              const v = load<f32>(x + (<usize>at) * 4);
              if (v > bv) {
                bv = v;
                best = at;
              }
            }
          store<f32>(y + (<usize>(out + k)) * 4, bv);
          store<i32>(argmax + (<usize>(out + k)) * 4, best);
        }
        out += C;
      }
}

/** dx[argmax[i]] += dy[i] for i in order (dx zeroed by the caller). */
export function maxPoolGrad(dy: usize, argmax: usize, dx: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const at = dx + (<usize>load<i32>(argmax + (<usize>i) * 4)) * 4;
    store<f32>(at, load<f32>(at) + load<f32>(dy + (<usize>i) * 4));
  }
}

/**
 * Average pooling (forward: x → y) or its gradient (dx += dy / count over each window; dx
 * zeroed by the caller): the mean over the window's pixels inside the image.
 */
export function avgPool(x: usize, y: usize, g: usize, grad: bool): void {
  const batch = load<i32>(g, 0), H = load<i32>(g, 4), W = load<i32>(g, 8), C = load<i32>(g, 12);
  const Ho = load<i32>(g, 16), Wo = load<i32>(g, 20), kh = load<i32>(g, 24), kw = load<i32>(g, 28);
  const sh = load<i32>(g, 32), sw = load<i32>(g, 36), padTop = load<i32>(g, 40), padLeft = load<i32>(g, 44);
  let out = 0;
  for (let b = 0; b < batch; b++)
    for (let oy = 0; oy < Ho; oy++)
      for (let ox = 0; ox < Wo; ox++) {
        const y0 = max(0, oy * sh - padTop), y1 = min(H, oy * sh - padTop + kh);
        const x0 = max(0, ox * sw - padLeft), x1 = min(W, ox * sw - padLeft + kw);
        const count = <f64>((y1 - y0) * (x1 - x0));
        for (let k = 0; k < C; k++) {
          const o = y + (<usize>(out + k)) * 4;
          if (grad) {
            const share = <f64>load<f32>(o) / count;
            for (let iy = y0; iy < y1; iy++)
              for (let ix = x0; ix < x1; ix++) {
                const at = x + (<usize>(((b * H + iy) * W + ix) * C + k)) * 4;
                store<f32>(at, <f32>(<f64>load<f32>(at) + share));
              }
          } else {
            let s: f64 = 0;
            for (let iy = y0; iy < y1; iy++)
              for (let ix = x0; ix < x1; ix++) s += <f64>load<f32>(x + (<usize>(((b * H + iy) * W + ix) * C + k)) * 4);
            store<f32>(o, <f32>(s / count));
          }
        }
        out += C;
      }
}
