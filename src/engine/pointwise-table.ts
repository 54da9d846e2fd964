// One table for every elementwise unary op: the forward expression and the derivative,
// written once in a small expression language that is valid WGSL and, after the prelude
// below, valid JavaScript. `npm run gen` turns it into src/engine/cpu/pointwise.gen.ts
// (JS functions) and src/engine/webgpu/pointwise.gen.ts (WGSL functions).
//
// It is also the one list of layer activations: rows marked `activation` are the values of
// the spec's `activation` field (with softmax, below), with their menu label and the alpha a
// call gets when it gives none. So adding an activation is one row here plus `npm run gen`
// (docs/architecture.md, "How to add an activation").
//
// NOTE: this module imports nothing. It is pure data, so src/spec (which may import only
// zod) reads its activation list from here too; eslint.config.js keeps it import-free.
//
// Variables: x (input), y (forward output, usable in `df`), a (alpha: leakyRelu slope,
// elu scale). Helpers available in both languages: sel(cond, ifTrue, ifFalse), exp, log,
// sqrt, abs, tanh, max, min, sign, erf, sigmoid.

export interface PointwiseRow {
  f: string;
  df: string;
  /** The value of `a` when a call leaves alpha out (PyTorch's default). Rows reading `a` need one. */
  alpha?: number;
  /** Set on layer activations (spec `activation` values, fused into GEMM and conv epilogues). */
  activation?: { label: string };
}

const ROWS = {
  linear: { f: 'x', df: '1.0', activation: { label: 'linear' } },
  relu: { f: 'max(x, 0.0)', df: 'sel(x > 0.0, 1.0, 0.0)', activation: { label: 'ReLU' } },
  leakyRelu: { f: 'sel(x > 0.0, x, a * x)', df: 'sel(x > 0.0, 1.0, a)', alpha: 0.01, activation: { label: 'Leaky ReLU' } },
  elu: { f: 'sel(x > 0.0, x, a * (exp(x) - 1.0))', df: 'sel(x > 0.0, 1.0, y + a)', alpha: 1, activation: { label: 'ELU' } },
  // Exact GELU (PyTorch's default): x·Φ(x).
  gelu: {
    f: '0.5 * x * (1.0 + erf(x * 0.7071067811865476))',
    df: '0.5 * (1.0 + erf(x * 0.7071067811865476)) + x * 0.3989422804014327 * exp(-0.5 * x * x)',
    activation: { label: 'GELU' },
  },
  silu: { f: 'x * sigmoid(x)', df: 'sigmoid(x) * (1.0 + x * (1.0 - sigmoid(x)))', activation: { label: 'SiLU' } },
  // NOTE: some drivers' WGSL tanh computes (e^2x - 1)/(e^2x + 1) and returns NaN once e^2x
  // overflows; tanh(±15) is already ±1 in f32, so clamping first is exact and safe.
  tanh: { f: 'tanh(max(min(x, 15.0), -15.0))', df: '1.0 - y * y', activation: { label: 'tanh' } },
  sigmoid: { f: 'sigmoid(x)', df: 'y * (1.0 - y)', activation: { label: 'sigmoid' } },
  // NOTE: stable softplus: max(x, 0) + log(1 + exp(-|x|)) never overflows.
  softplus: { f: 'max(x, 0.0) + log(1.0 + exp(-abs(x)))', df: 'sigmoid(x)', activation: { label: 'softplus' } },
  neg: { f: '-x', df: '-1.0' },
  exp: { f: 'exp(x)', df: 'y' },
  log: { f: 'log(x)', df: '1.0 / x' },
  sqrt: { f: 'sqrt(x)', df: '0.5 / y' },
  abs: { f: 'abs(x)', df: 'sign(x)' },
  square: { f: 'x * x', df: '2.0 * x' },
  sign: { f: 'sign(x)', df: '0.0' },
  reciprocal: { f: '1.0 / x', df: '-y * y' },
} as const satisfies Record<string, PointwiseRow>;

/** Every elementwise unary op: the activations plus plain math. */
export type UnaryOp = keyof typeof ROWS;
/** The rows marked `activation`: usable on any layer and in the GEMM / conv epilogues. */
export type PointwiseActivation = { [K in UnaryOp]: (typeof ROWS)[K] extends { activation: object } ? K : never }[UnaryOp];

export const POINTWISE_TABLE: Readonly<Record<UnaryOp, PointwiseRow>> = ROWS;
export const UNARY_OPS = Object.keys(ROWS) as UnaryOp[];
export const POINTWISE_ACTIVATIONS = UNARY_OPS.filter((op) => POINTWISE_TABLE[op].activation) as PointwiseActivation[];

/**
 * Layer activations that are not elementwise, so not rows above. softmax normalizes over
 * the last axis: it is its own op (softmax in src/engine/ops/pointwise.ts) and never fuses
 * into an epilogue (src/nn applies it after the layer).
 */
export const NON_POINTWISE_ACTIVATIONS = { softmax: { label: 'softmax' } } as const;

/** Every value of the spec's `activation` field. */
export type LayerActivation = PointwiseActivation | keyof typeof NON_POINTWISE_ACTIVATIONS;

/**
 * The spec's activation list, in menu order: the activation rows in table order, then
 * softmax. NOTE: the v1 values are a fixed format (files and links): add rows, never rename.
 */
export const LAYER_ACTIVATIONS = [
  ...POINTWISE_ACTIVATIONS,
  ...(Object.keys(NON_POINTWISE_ACTIVATIONS) as (keyof typeof NON_POINTWISE_ACTIVATIONS)[]),
] as unknown as readonly [LayerActivation, ...LayerActivation[]];

/** The name people see for each layer activation. */
export const ACTIVATION_LABELS = {
  ...Object.fromEntries(POINTWISE_ACTIVATIONS.map((a) => [a, POINTWISE_TABLE[a].activation!.label])),
  ...Object.fromEntries(Object.entries(NON_POINTWISE_ACTIVATIONS).map(([a, row]) => [a, row.label])),
} as Record<LayerActivation, string>;

/** The activations that take an alpha, with their default (PyTorch's: leakyRelu 0.01, elu 1). */
export const ACTIVATION_ALPHA_DEFAULTS = Object.fromEntries(
  POINTWISE_ACTIVATIONS.flatMap((a) => (POINTWISE_TABLE[a].alpha === undefined ? [] : [[a, POINTWISE_TABLE[a].alpha]])),
) as Partial<Record<LayerActivation, number>>;

/** The alpha an op uses when a call gives none: its row's default, 0 for ops that ignore it. */
export function defaultAlpha(op: string | undefined): number {
  const row = op === undefined ? undefined : (POINTWISE_TABLE as Partial<Record<string, PointwiseRow>>)[op];
  return row?.alpha ?? 0;
}

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
