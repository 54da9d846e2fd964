// One table for every elementwise unary op: the forward expression and the derivative,
// written once in a small expression language that is valid WGSL and, after the prelude
// below, valid JavaScript. `npm run gen` turns it into src/engine/cpu/pointwise.gen.ts
// (JS functions) and src/engine/webgpu/pointwise.gen.ts (WGSL functions). Adding an
// activation is one row here plus `npm run gen`.
//
// Variables: x (input), y (forward output, usable in `df`), a (alpha: leakyRelu slope,
// elu scale). Helpers available in both languages: sel(cond, ifTrue, ifFalse), exp, log,
// sqrt, abs, tanh, max, min, sign, erf, sigmoid.
import type { UnaryOp } from './kernels/pointwise';

export interface PointwiseRow {
  f: string;
  df: string;
}

export const POINTWISE_TABLE: Record<UnaryOp, PointwiseRow> = {
  linear: { f: 'x', df: '1.0' },
  relu: { f: 'max(x, 0.0)', df: 'sel(x > 0.0, 1.0, 0.0)' },
  leakyRelu: { f: 'sel(x > 0.0, x, a * x)', df: 'sel(x > 0.0, 1.0, a)' },
  elu: { f: 'sel(x > 0.0, x, a * (exp(x) - 1.0))', df: 'sel(x > 0.0, 1.0, y + a)' },
  // Exact GELU (PyTorch's default): x·Φ(x).
  gelu: {
    f: '0.5 * x * (1.0 + erf(x * 0.7071067811865476))',
    df: '0.5 * (1.0 + erf(x * 0.7071067811865476)) + x * 0.3989422804014327 * exp(-0.5 * x * x)',
  },
  silu: { f: 'x * sigmoid(x)', df: 'sigmoid(x) * (1.0 + x * (1.0 - sigmoid(x)))' },
  // NOTE: some drivers' WGSL tanh computes (e^2x - 1)/(e^2x + 1) and returns NaN once e^2x
  // overflows; tanh(±15) is already ±1 in f32, so clamping first is exact and safe.
  tanh: { f: 'tanh(max(min(x, 15.0), -15.0))', df: '1.0 - y * y' },
  sigmoid: { f: 'sigmoid(x)', df: 'y * (1.0 - y)' },
  // NOTE: stable softplus: max(x, 0) + log(1 + exp(-|x|)) never overflows.
  softplus: { f: 'max(x, 0.0) + log(1.0 + exp(-abs(x)))', df: 'sigmoid(x)' },
  neg: { f: '-x', df: '-1.0' },
  exp: { f: 'exp(x)', df: 'y' },
  log: { f: 'log(x)', df: '1.0 / x' },
  sqrt: { f: 'sqrt(x)', df: '0.5 / y' },
  abs: { f: 'abs(x)', df: 'sign(x)' },
  square: { f: 'x * x', df: '2.0 * x' },
  sign: { f: 'sign(x)', df: '0.0' },
  reciprocal: { f: '1.0 / x', df: '-y * y' },
};

/** WGSL helpers the expressions rely on (erf: Abramowitz-Stegun 7.1.26, |error| < 1.5e-7). */
export const WGSL_PRELUDE = `fn sel(c: bool, t: f32, f: f32) -> f32 { return select(f, t, c); }
fn sigmoid(x: f32) -> f32 {
  // NOTE: exp(-|x|) never overflows, so both branches stay finite for any x.
  let e = exp(-abs(x));
  return select(e / (1.0 + e), 1.0 / (1.0 + e), x >= 0.0);
}
fn erf(x: f32) -> f32 {
  let s = sign(x);
  let z = abs(x);
  let t = 1.0 / (1.0 + 0.3275911 * z);
  let p = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return s * (1.0 - p * exp(-z * z));
}
`;
