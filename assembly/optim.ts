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

/** g = grad · gradScale + coupledDecay · w + l1 · sign(w) + 2 · l2 · w, two elements. */
function grad2(gr: usize, w: v128, scale: v128, decay: v128, l1: v128, twoL2: v128): v128 {
  const g = f64x2.add(f64x2.mul(get2(gr), scale), f64x2.mul(decay, w));
  return f64x2.add(f64x2.add(g, f64x2.mul(l1, sign2(w))), f64x2.mul(twoL2, w));
}

/**
 * One step of `rule` in place over n elements: p the weights, gr the gradients, s0 and s1 the
 * rule's state buffers (unused ones may be 0), h the 16 f64 constants. Buffers are padded by
 * the caller to an even length (the padding's values are written but never read back).
 * One loop per rule, the constants in locals.
 */
export function optimizerStep(rule: i32, n: i32, p: usize, gr: usize, s0: usize, s1: usize, h: usize): void {
  const lr = splat(h, 0), momentum = splat(h, 1), beta1 = splat(h, 2), oneMinusBeta1 = splat(h, 3);
  const beta2 = splat(h, 4), oneMinusBeta2 = splat(h, 5), eps = splat(h, 6), decay = splat(h, 7);
  const l1 = splat(h, 8), twoL2 = splat(h, 9), scale = splat(h, 10), lrOverBc1 = splat(h, 11);
  const bc2Sqrt = splat(h, 12), decoupled = splat(h, 13), alpha = splat(h, 14), oneMinusAlpha = splat(h, 15);
  const end = p + <usize>n * 4;
  if (rule == SGD) {
    for (; p < end; p += 8, gr += 8) {
      const w = get2(p);
      const g = grad2(gr, w, scale, decay, l1, twoL2);
      put2(p, f64x2.sub(w, f64x2.mul(lr, g)));
    }
  } else if (rule == MOMENTUM || rule == NESTEROV) {
    const nesterov = rule == NESTEROV;
    for (; p < end; p += 8, gr += 8, s0 += 8) {
      const w = get2(p);
      const g = grad2(gr, w, scale, decay, l1, twoL2);
      const b = put2(s0, f64x2.add(f64x2.mul(momentum, get2(s0)), g));
      if (nesterov) put2(p, f64x2.sub(w, f64x2.mul(lr, f64x2.add(g, f64x2.mul(momentum, b)))));
      else put2(p, f64x2.sub(w, f64x2.mul(lr, b)));
    }
  } else if (rule == ADAM || rule == ADAMW) {
    const adamw = rule == ADAMW;
    for (; p < end; p += 8, gr += 8, s0 += 8, s1 += 8) {
      const w = get2(p);
      const g = grad2(gr, w, scale, decay, l1, twoL2);
      const wd = adamw ? f64x2.mul(w, decoupled) : w;
      const m = put2(s0, f64x2.add(f64x2.mul(beta1, get2(s0)), f64x2.mul(oneMinusBeta1, g)));
      const v = put2(s1, f64x2.add(f64x2.mul(beta2, get2(s1)), f64x2.mul(f64x2.mul(oneMinusBeta2, g), g)));
      const denom = f64x2.add(f64x2.div(f64x2.sqrt(v), bc2Sqrt), eps);
      put2(p, f64x2.sub(wd, f64x2.div(f64x2.mul(lrOverBc1, m), denom)));
    }
  } else if (rule == RMSPROP) {
    for (; p < end; p += 8, gr += 8, s0 += 8) {
      const w = get2(p);
      const g = grad2(gr, w, scale, decay, l1, twoL2);
      const v = put2(s0, f64x2.add(f64x2.mul(alpha, get2(s0)), f64x2.mul(f64x2.mul(oneMinusAlpha, g), g)));
      put2(p, f64x2.sub(w, f64x2.div(f64x2.mul(lr, g), f64x2.add(f64x2.sqrt(v), eps))));
    }
  } else {
    // adagrad
    for (; p < end; p += 8, gr += 8, s0 += 8) {
      const w = get2(p);
      const g = grad2(gr, w, scale, decay, l1, twoL2);
      const s = put2(s0, f64x2.add(get2(s0), f64x2.mul(g, g)));
      put2(p, f64x2.sub(w, f64x2.div(f64x2.mul(lr, g), f64x2.add(f64x2.sqrt(s), eps))));
    }
  }
}
