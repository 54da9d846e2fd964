// Typed access to the PyTorch golden values in ./goldens/*.json.
// Regenerate with `npm run goldens` (scripts/make_goldens.py); schemas in ./README.md.
// All tensors are in our layouts (docs/conventions.md): row-major, NHWC images, dense
// weight [in, out], conv filter [kh, kw, cin, cout], depthwise filter [kh, kw, cin, mult].

import opsJson from './goldens/ops.json';
import optimJson from './goldens/optim.json';
import trainJson from './goldens/train.json';
import layersJson from './goldens/layers.json';

/** A stored tensor: row-major `data`; `dtype` is absent for f32, `'u32'` for labels. */
export interface GoldenTensor {
  shape: number[];
  data: number[];
  dtype?: 'f32' | 'u32';
}

export type GoldenOp =
  | 'gemm'
  | 'activation'
  | 'softmax'
  | 'logSoftmax'
  | 'softmaxCrossEntropy'
  | 'binaryCrossEntropy'
  | 'mse'
  | 'huber'
  | 'conv2d'
  | 'depthwiseConv2d'
  | 'maxPool2d'
  | 'avgPool2d'
  | 'batchNorm'
  | 'layerNorm'
  | 'groupNorm'
  | 'globalAvgPool2d'
  | 'sum'
  | 'mean'
  | 'max';

/** Every attribute any case uses; which ones appear depends on `op` (see README.md). */
export interface GoldenAttrs {
  // gemm: y = act(op(a) · op(b) + bias); op(a) is [M, K], op(b) is [K, N]; batch dims lead.
  transA?: boolean;
  transB?: boolean;
  M?: number;
  N?: number;
  K?: number;
  batch?: number;
  // gemm epilogue or the `activation` op
  activation?: string;
  alpha?: number;
  // softmax, logSoftmax, norms, reductions
  axis?: number;
  keepDims?: boolean;
  // losses (always means)
  reduction?: 'mean';
  fromLogits?: boolean;
  delta?: number;
  // conv / pool; `pads` is [top, bottom, left, right] as derived by the script
  kernelSize?: [number, number];
  strides?: [number, number];
  padding?: 'same' | 'valid';
  dilation?: [number, number];
  depthMultiplier?: number;
  poolSize?: [number, number];
  pads?: [number, number, number, number];
  // norms
  groups?: number;
  training?: boolean;
  momentum?: number;
  eps?: number;
}

export interface OpCase {
  name: string;
  op: GoldenOp;
  attrs: GoldenAttrs;
  inputs: Record<string, GoldenTensor>;
  outputs: Record<string, GoldenTensor>;
  /** Upstream gradient for the FIRST output (all ones for scalar losses). */
  upstream: Record<string, GoldenTensor>;
  /** d sum(output * upstream) / d input, for the differentiable inputs. */
  grads: Record<string, GoldenTensor>;
}

export interface GoldenOptimizer {
  type: 'sgd' | 'momentum' | 'nesterov' | 'adam' | 'adamw' | 'rmsprop' | 'adagrad';
  lr: number;
  momentum?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** rmsprop's squared-gradient decay (PyTorch `alpha`). */
  alpha?: number;
  weightDecay?: number;
}

export interface GoldenSchedule {
  type: 'constant' | 'step' | 'exponential' | 'cosine';
  warmupSteps?: number;
  stepSize?: number;
  gamma?: number;
  totalSteps: number;
}

export interface OptimCase {
  name: string;
  optimizer: GoldenOptimizer;
  schedule?: GoldenSchedule;
  clipGradNorm?: number;
  /** Global L2 norm of the raw gradients at each step (only with clipGradNorm). */
  gradNormPerStep?: number[];
  params0: GoldenTensor[];
  /** [step][param], raw (unclipped) gradients. */
  gradsPerStep: GoldenTensor[][];
  /** [step][param], parameters after that step. */
  paramsAfter: GoldenTensor[][];
  /** The lr used by each step (schedule applied). */
  lrPerStep: number[];
}

export type NamedTensor = GoldenTensor & { name: string };

export interface TrainRun {
  name: string;
  /** `inputShape` (without batch) + layers in the experiment spec's layer format. */
  model: { inputShape: number[]; layers: Record<string, unknown>[] };
  loss: 'softmaxCrossEntropy';
  optimizer: GoldenOptimizer;
  data: { x: GoldenTensor; labels: GoldenTensor };
  params0: NamedTensor[];
  /** Loss of the forward pass of each step (before that step's update). */
  lossPerStep: number[];
  gradsPerStep: NamedTensor[][];
  paramsAfter: NamedTensor[][];
  finalParams: NamedTensor[];
  /** Loss with the final parameters. */
  finalLoss: number;
}

export const opCases: OpCase[] = opsJson as unknown as OpCase[];
export const optimCases: OptimCase[] = optimJson as unknown as OptimCase[];
export const trainRuns: TrainRun[] = trainJson as unknown as TrainRun[];
/** The newer layer types (groupNorm, globalAvgPool2d): their own file and seed (layers.json). */
export const layerGoldens = layersJson as unknown as { ops: OpCase[]; train: TrainRun[] };

/** The op case with this exact name (throws if missing, so a renamed case fails loudly). */
export function opCase(name: string): OpCase {
  const c = opCases.find((x) => x.name === name) ?? layerGoldens.ops.find((x) => x.name === name);
  if (!c) throw new Error(`no golden op case named "${name}"`);
  return c;
}

/** All op cases of one op. */
export function opCasesFor(op: GoldenOp): OpCase[] {
  return [...opCases, ...layerGoldens.ops].filter((c) => c.op === op);
}

export function optimCase(name: string): OptimCase {
  const c = optimCases.find((x) => x.name === name);
  if (!c) throw new Error(`no golden optimizer case named "${name}"`);
  return c;
}

export function trainRun(name: string): TrainRun {
  const r = trainRuns.find((x) => x.name === name);
  if (!r) throw new Error(`no golden training run named "${name}"`);
  return r;
}

export function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function toFloat32(t: GoldenTensor): Float32Array {
  return Float32Array.from(t.data);
}

export function toFloat64(t: GoldenTensor): Float64Array {
  return Float64Array.from(t.data);
}

export function toUint32(t: GoldenTensor): Uint32Array {
  return Uint32Array.from(t.data);
}

/** Largest |a - b| / (atol + rtol * |b|) over the elements; <= 1 means "close". */
export function closeness(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-5, atol = 1e-6): number {
  if (actual.length !== expected.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const r = Math.abs(actual[i] - expected[i]) / (atol + rtol * Math.abs(expected[i]));
    if (Number.isNaN(r)) return Infinity;
    if (r > worst) worst = r;
  }
  return worst;
}
