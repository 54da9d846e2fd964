// The fused optimizer updates (src/engine/optim-table.ts's rows) over flat f32 buffers, two
// elements at a time in f64x2. The arithmetic is the TypeScript reference's
// (src/engine/cpu/optim.ts optimizerUpdate): float64, the same operations in the same order,
// each stored value rounded to f32 once and read back rounded, so the results are the
// reference's bit for bit. The step's constants (lr / bc1, sqrt(bc2), 1 - beta1, ... ) are
// computed once by the caller in float64, exactly as the reference computes them.

// Rule numbers: the order of OPTIMIZER_RULES (src/engine/optim-table.ts).
const SGD = 0, MOMENTUM = 1, NESTEROV = 2, ADAM = 3, ADAMW = 4, RMSPROP = 5; // 6: adagrad

// The constants block: 16 f64 (see src/engine/wasm/optim.ts optimConstants).
//   0 lr, 1 momentum, 2 beta1, 3 1 - beta1, 4 beta2, 5 1 - beta2, 6 eps, 7 coupled decay,
//   8 l1, 9 2 * l2, 10 gradScale, 11 lr / bc1, 12 sqrt(bc2), 13 1 - lr * weightDecay,
//   14 alpha, 15 1 - alpha.

function splat(h: usize, k: i32): v128 {
  return f64x2.splat(load<f64>(h + <usize>k * 8));
}

/** Two f32 at `at` as f64x2. */
function get2(at: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(at));
}

/** Rounds f64x2 to two f32, stores them at `at`, and returns the rounded values as f64x2. */
function put2(at: usize, x: v128): v128 {
  const r = f32x4.demote_f64x2_zero(x);
  v128.store64_lane(at, r, 0);
  return f64x2.promote_low_f32x4(r);
}

/** Math.sign: 1, -1, or w itself (±0, NaN). */
function sign2(w: v128): v128 {
  const zero = f64x2.splat(0);
  const pos = v128.bitselect(f64x2.splat(1), w, f64x2.gt(w, zero));
  return v128.bitselect(f64x2.splat(-1), pos, f64x2.lt(w, zero));
}

function step2(rule: i32, p: usize, gr: usize, s0: usize, s1: usize, h: usize): void {
  const w = get2(p);
  // g = grad · gradScale + coupledDecay · w + l1 · sign(w) + 2 · l2 · w
  let g = f64x2.add(f64x2.mul(get2(gr), splat(h, 10)), f64x2.mul(splat(h, 7), w));
  g = f64x2.add(g, f64x2.mul(splat(h, 8), sign2(w)));
  g = f64x2.add(g, f64x2.mul(splat(h, 9), w));
  let out: v128;
  if (rule == SGD) {
    out = f64x2.sub(w, f64x2.mul(splat(h, 0), g));
  } else if (rule == MOMENTUM || rule == NESTEROV) {
    const b = put2(s0, f64x2.add(f64x2.mul(splat(h, 1), get2(s0)), g));
    if (rule == MOMENTUM) out = f64x2.sub(w, f64x2.mul(splat(h, 0), b));
    else out = f64x2.sub(w, f64x2.mul(splat(h, 0), f64x2.add(g, f64x2.mul(splat(h, 1), b))));
  } else if (rule == ADAM || rule == ADAMW) {
    const wd = rule == ADAMW ? f64x2.mul(w, splat(h, 13)) : w;
    const m = put2(s0, f64x2.add(f64x2.mul(splat(h, 2), get2(s0)), f64x2.mul(splat(h, 3), g)));
    const v = put2(s1, f64x2.add(f64x2.mul(splat(h, 4), get2(s1)), f64x2.mul(f64x2.mul(splat(h, 5), g), g)));
    const denom = f64x2.add(f64x2.div(f64x2.sqrt(v), splat(h, 12)), splat(h, 6));
    out = f64x2.sub(wd, f64x2.div(f64x2.mul(splat(h, 11), m), denom));
  } else if (rule == RMSPROP) {
    const v = put2(s0, f64x2.add(f64x2.mul(splat(h, 14), get2(s0)), f64x2.mul(f64x2.mul(splat(h, 15), g), g)));
    out = f64x2.sub(w, f64x2.div(f64x2.mul(splat(h, 0), g), f64x2.add(f64x2.sqrt(v), splat(h, 6))));
  } else {
    // adagrad
    const s = put2(s0, f64x2.add(get2(s0), f64x2.mul(g, g)));
    out = f64x2.sub(w, f64x2.div(f64x2.mul(splat(h, 0), g), f64x2.add(f64x2.sqrt(s), splat(h, 6))));
  }
  put2(p, out);
}

/**
 * One step of `rule` in place over n elements: p the weights, gr the gradients, s0 and s1 the
 * rule's state buffers (unused ones may be 0), h the 16 f64 constants. Buffers are padded by
 * the caller to an even length (the padding's values are written but never read back).
 */
export function optimizerStep(rule: i32, n: i32, p: usize, gr: usize, s0: usize, s1: usize, h: usize): void {
  for (let i = 0; i < n; i += 2) {
    const at = <usize>i * 4;
    step2(rule, p + at, gr + at, s0 + at, s1 + at, h);
  }
}
