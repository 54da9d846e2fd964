// One row per optimizer rule (torch.optim's formulas and defaults): the settings it takes
// with their defaults, the state buffers it keeps, the CPU reference update and the WGSL
// update. Everything else derives from these rows: the spec's `optimizer.type` values and
// per-optimizer fields and defaults (src/spec/optimizers.ts), the UI's fields, the number
// of state slots the trainer allocates, the CPU kernel (src/engine/cpu/optim.ts) and, by
// `npm run gen`, the WGSL `switch` and rule numbering of the fused update kernel
// (src/engine/webgpu/optim.gen.ts, spliced into shaders/optim.wgsl). Adding an optimizer
// is one row here plus `npm run gen` (docs/architecture.md, "How to add an optimizer").
//
// NOTE: this module imports nothing. It is pure data, so src/spec (which may import only
// zod) reads its fields and defaults from here too; eslint.config.js keeps it import-free.

/**
 * Words of the optimizer's uniform block, in order (f32): the trainer writes them before
 * every step, the update reads them (`h.<word>` in WGSL, `h.<word>` in the CPU update), so
 * changing the learning rate or weight decay live needs no re-trace.
 */
export const HYPER_WORDS = [
  'lr', 'momentum', 'beta1', 'beta2', 'eps', 'weightDecay', 'l1', 'l2',
  /** 1-based step count t (as f32) for Adam's bias correction. */
  'step',
  /** rmsprop's smoothing constant (PyTorch's alpha; the spec's `beta2` for rmsprop). */
  'alpha',
] as const;
export type HyperWord = (typeof HYPER_WORDS)[number];
/** The block's size in words: whole 16-byte rows, as a WGSL uniform struct is padded. */
export const HYPER_BLOCK_WORDS = Math.ceil(HYPER_WORDS.length / 4) * 4;
/** The values of one step's block, by word. */
export type Hyper = Record<HyperWord, number>;

/** Parameter, gradient and state arrays of the CPU backend (f32, or f64 for the oracle). */
type Floats = Float32Array | Float64Array;

/**
 * A setting some optimizers take (lr, l1 and l2 every optimizer takes; see src/spec/schema.ts):
 * its range in the spec and its control in the UI.
 */
export interface OptimizerField {
  /** Spec range (the schema's numberIn): `above` / `below` make that bound exclusive. */
  range: { min: number; max: number; above?: boolean; below?: boolean };
  /** The UI's number field. */
  ui: { label: string; min: number; max?: number; step: number };
}

/** Every per-optimizer setting, in the order the spec and the UI list them. */
export const OPTIMIZER_FIELDS = {
  momentum: { range: { min: 0, max: 1, below: true }, ui: { label: 'Momentum', min: 0, max: 0.999, step: 0.05 } },
  beta1: { range: { min: 0, max: 1, below: true }, ui: { label: 'Beta 1', min: 0, max: 0.9999, step: 0.01 } },
  beta2: { range: { min: 0, max: 1, below: true }, ui: { label: 'Beta 2', min: 0, max: 0.99999, step: 0.001 } },
  eps: { range: { min: 0, max: 1, above: true }, ui: { label: 'Epsilon', min: 0, step: 1e-8 } },
  weightDecay: { range: { min: 0, max: 1 }, ui: { label: 'Weight decay', min: 0, max: 1, step: 0.0001 } },
} as const satisfies Record<string, OptimizerField>;
export type OptimizerFieldName = keyof typeof OPTIMIZER_FIELDS;

/**
 * The CPU update of one step, made once per step from that step's hyperparameters and the
 * rule's state arrays: it returns the per-element update `(w, g, i) => new w`, where `g`
 * already holds the clipping factor, coupled weight decay and the l1/l2 penalties, and
 * which updates `state[k][i]` in place. Arithmetic in float64; each store rounds once.
 */
export type CpuUpdate = (h: Hyper, state: Floats[]) => (w: number, g: number, i: number) => number;

export interface OptimizerRow {
  /** The name people see. */
  label: string;
  /**
   * The settings this rule takes (PyTorch's defaults): the schema fills them in when a spec
   * leaves them out, the UI shows a field for each, the validator warns about the others.
   */
  defaults: Partial<Record<OptimizerFieldName, number>>;
  /** UI labels that differ from the field's. */
  labels?: Partial<Record<OptimizerFieldName, string>>;
  /** The word a setting is written to when it is not the word of the same name. */
  words?: Partial<Record<OptimizerFieldName, HyperWord>>;
  /** Names of the state buffers (each the size of the parameters): `s0`, `s1` in WGSL. */
  state: readonly string[];
  /** 'coupled': weightDecay·w joins the gradient (PyTorch's weight_decay); 'decoupled': the update decays w itself. */
  decay: 'coupled' | 'decoupled';
  cpu: CpuUpdate;
  /**
   * WGSL statements updating `var w` (the weight) from `g` (as for `cpu`), `h` (the Hyper
   * block), `i` and the state `s0[i]`, `s1[i]`; the same arithmetic, in the same order, as `cpu`.
   */
  wgsl: string;
}

// Adam's moments and bias-corrected step, shared by adam and adamw (which differ only in
// where the weight decay goes). PyTorch: p -= (lr / bc1) · m / (sqrt(v) / sqrt(bc2) + eps).
const adamCpu = (h: Hyper, [m, v]: Floats[]) => {
  const bc1 = 1 - h.beta1 ** h.step;
  const bc2Sqrt = Math.sqrt(1 - h.beta2 ** h.step);
  return (w: number, g: number, i: number) => {
    m[i] = h.beta1 * m[i] + (1 - h.beta1) * g;
    v[i] = h.beta2 * v[i] + (1 - h.beta2) * g * g;
    return w - ((h.lr / bc1) * m[i]) / (Math.sqrt(v[i]) / bc2Sqrt + h.eps);
  };
};
const ADAM_WGSL = `let m = h.beta1 * s0[i] + (1.0 - h.beta1) * g;
let v = h.beta2 * s1[i] + (1.0 - h.beta2) * g * g;
s0[i] = m;
s1[i] = v;
// PyTorch: p -= (lr / bc1) · m / (sqrt(v) / sqrt(bc2) + eps)
let bc1 = 1.0 - pow(h.beta1, h.step);
let bc2Sqrt = sqrt(1.0 - pow(h.beta2, h.step));
w -= (h.lr / bc1) * m / (sqrt(v) / bc2Sqrt + h.eps);`;

const ROWS = {
  sgd: {
    label: 'SGD',
    defaults: { weightDecay: 0 },
    state: [],
    decay: 'coupled',
    cpu: (h) => (w, g) => w - h.lr * g,
    wgsl: 'w -= h.lr * g;',
  },
  momentum: {
    label: 'SGD with momentum',
    defaults: { momentum: 0.9, weightDecay: 0 },
    state: ['momentumBuffer'],
    decay: 'coupled',
    cpu: (h, [b]) => (w, g, i) => {
      b[i] = h.momentum * b[i] + g;
      return w - h.lr * b[i];
    },
    wgsl: `let b = h.momentum * s0[i] + g;
s0[i] = b;
w -= h.lr * b;`,
  },
  nesterov: {
    label: 'Nesterov momentum',
    defaults: { momentum: 0.9, weightDecay: 0 },
    state: ['momentumBuffer'],
    decay: 'coupled',
    cpu: (h, [b]) => (w, g, i) => {
      b[i] = h.momentum * b[i] + g;
      return w - h.lr * (g + h.momentum * b[i]);
    },
    wgsl: `let b = h.momentum * s0[i] + g;
s0[i] = b;
w -= h.lr * (g + h.momentum * b);`,
  },
  adam: {
    label: 'Adam',
    defaults: { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 },
    state: ['m', 'v'],
    decay: 'coupled',
    cpu: adamCpu,
    wgsl: ADAM_WGSL,
  },
  adamw: {
    label: 'AdamW',
    defaults: { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 },
    state: ['m', 'v'],
    // Decoupled: w decays before the update, outside the moments.
    decay: 'decoupled',
    cpu: (h, state) => {
      const adam = adamCpu(h, state);
      return (w, g, i) => adam(w * (1 - h.lr * h.weightDecay), g, i);
    },
    wgsl: `w *= 1.0 - h.lr * h.weightDecay;\n${ADAM_WGSL}`,
  },
  rmsprop: {
    label: 'RMSprop',
    // NOTE: the smoothing constant (PyTorch `alpha`) is the spec's `beta2`, written to word
    // `alpha`. `momentum` is accepted (0, PyTorch's default) but this rule has no momentum term.
    defaults: { beta2: 0.99, eps: 1e-8, momentum: 0, weightDecay: 0 },
    labels: { beta2: 'Beta 2 (smoothing)' },
    words: { beta2: 'alpha' },
    state: ['squareAverage'],
    decay: 'coupled',
    cpu: (h, [v]) => (w, g, i) => {
      v[i] = h.alpha * v[i] + (1 - h.alpha) * g * g;
      return w - (h.lr * g) / (Math.sqrt(v[i]) + h.eps);
    },
    wgsl: `let v = h.alpha * s0[i] + (1.0 - h.alpha) * g * g;
s0[i] = v;
w -= h.lr * g / (sqrt(v) + h.eps);`,
  },
  adagrad: {
    label: 'Adagrad',
    defaults: { eps: 1e-10, weightDecay: 0 },
    state: ['sum'],
    decay: 'coupled',
    cpu: (h, [s]) => (w, g, i) => {
      s[i] += g * g;
      return w - (h.lr * g) / (Math.sqrt(s[i]) + h.eps);
    },
    wgsl: `let v = s0[i] + g * g;
s0[i] = v;
w -= h.lr * g / (sqrt(v) + h.eps);`,
  },
} as const satisfies Record<string, OptimizerRow>;

/** The optimizer rules; the spec's `optimizer.type` values. */
export type OptimizerRule = keyof typeof ROWS;
export const OPTIMIZER_TABLE: Readonly<Record<OptimizerRule, OptimizerRow>> = ROWS;
/**
 * The rules in table order. NOTE: the v1 names are a fixed format (files and links): add
 * rows, never rename. A rule's position is its number in the generated WGSL.
 */
export const OPTIMIZER_RULES = Object.keys(ROWS) as unknown as readonly [OptimizerRule, ...OptimizerRule[]];
