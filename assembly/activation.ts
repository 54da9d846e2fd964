// relu and leakyRelu and their gradients (src/engine/cpu/pointwise.gen.ts, the activation
// table's TypeScript): the reference's float64 arithmetic, two elements at a time in f64x2,
// each result rounded to f32 once, so the outputs are the reference's bit for bit.
// (relu: Math.max(x, 0) is f64x2.max: +0 for ±0, NaN for NaN.)

function get2(at: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(at));
}

function put2(at: usize, x: v128): void {
  v128.store64_lane(at, f32x4.demote_f64x2_zero(x), 0);
}

/**
 * y = relu(x) (leaky 0) or leakyRelu(x, a) (leaky 1) over n elements (buffers padded to an
 * even length by the caller).
 */
export function reluForward(leaky: i32, n: i32, x: usize, y: usize, a: f64): void {
  const zero = f64x2.splat(0), alpha = f64x2.splat(a);
  const end = x + <usize>n * 4;
  for (; x < end; x += 8, y += 8) {
    const v = get2(x);
    if (leaky) put2(y, v128.bitselect(v, f64x2.mul(alpha, v), f64x2.gt(v, zero)));
    else put2(y, f64x2.max(v, zero));
  }
}

/** dx = dy · (x > 0 ? 1 : slope), slope 0 (relu) or a (leakyRelu). */
export function reluGrad(leaky: i32, n: i32, x: usize, dy: usize, dx: usize, a: f64): void {
  const zero = f64x2.splat(0), one = f64x2.splat(1), slope = f64x2.splat(leaky ? a : 0);
  const end = x + <usize>n * 4;
  for (; x < end; x += 8, dy += 8, dx += 8) {
    put2(dx, f64x2.mul(get2(dy), v128.bitselect(one, slope, f64x2.gt(get2(x), zero))));
  }
}
