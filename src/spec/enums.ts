// Every enumerated value of experiment spec v1. The UI builds its menus from these lists,
// and the schema from the same lists, so a value cannot be in one and not the other.
// NOTE: these strings are a fixed format (files and share links depend on them): add, never rename.
//
// Activations and optimizers come from the engine's two data tables, the one place each is
// defined (with its kernels): src/engine/pointwise-table.ts and src/engine/optim-table.ts.
// They import nothing, so the spec still depends on zod alone (see docs/architecture.md).
import {
  ACTIVATION_ALPHA_DEFAULTS as TABLE_ALPHA_DEFAULTS, ACTIVATION_LABELS as TABLE_ACTIVATION_LABELS, LAYER_ACTIVATIONS,
  type LayerActivation,
} from '../engine/pointwise-table';
import { OPTIMIZER_RULES } from '../engine/optim-table';

export const DATASETS = [
  'circle', 'xor', 'gauss', 'spiral', // 2-D classification
  'plane', 'multigauss', // 2-D regression
  'mnist', 'fashion-mnist', // 28x28x1 images, 10 classes
  'csv',
] as const;
export type DatasetName = (typeof DATASETS)[number];

export const NORMALIZATIONS = ['none', 'scale', 'standard'] as const;
export type Normalization = (typeof NORMALIZATIONS)[number];

export const TASKS = ['classification', 'regression'] as const;
export type Task = (typeof TASKS)[number];

export const LAYER_TYPES = [
  'dense', 'conv2d', 'depthwiseConv2d', 'separableConv2d', 'maxPool2d', 'avgPool2d',
  'flatten', 'reshape', 'dropout', 'batchNorm', 'layerNorm', 'activation',
  'globalAvgPool2d', 'groupNorm',
] as const;
export type LayerType = (typeof LAYER_TYPES)[number];

/** linear, relu, leakyRelu, elu, gelu, silu, tanh, sigmoid, softplus (the table's activation rows), softmax. */
export const ACTIVATIONS = LAYER_ACTIVATIONS;
export type Activation = LayerActivation;

/** `alpha` filled in when a layer uses one of these activations without giving it (PyTorch's defaults). */
export const ACTIVATION_ALPHA_DEFAULTS: Partial<Record<Activation, number>> = TABLE_ALPHA_DEFAULTS;
/** The name people see for each activation. */
export const ACTIVATION_LABELS: Record<Activation, string> = TABLE_ACTIVATION_LABELS;

export const INITIALIZERS = [
  'heUniform', 'heNormal', 'glorotUniform', 'glorotNormal', 'lecunUniform', 'lecunNormal', 'zeros',
] as const;
export type Initializer = (typeof INITIALIZERS)[number];

export const PADDINGS = ['same', 'valid'] as const;
export type Padding = (typeof PADDINGS)[number];

export const LOSSES = ['softmaxCrossEntropy', 'binaryCrossEntropy', 'mse', 'huber'] as const;
export type LossName = (typeof LOSSES)[number];

/** sgd, momentum, nesterov, adam, adamw, rmsprop, adagrad: the optimizer table's rows. */
export const OPTIMIZERS = OPTIMIZER_RULES;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export const SCHEDULES = ['constant', 'step', 'exponential', 'cosine'] as const;
export type ScheduleName = (typeof SCHEDULES)[number];

export const EARLY_STOPPING_METRICS = ['testLoss', 'testAccuracy'] as const;
export type EarlyStoppingMetric = (typeof EARLY_STOPPING_METRICS)[number];

/** Attacks of `training.adversarial` (and of the runner's --attack): src/train/adversarial.ts. */
export const ADVERSARIAL_METHODS = ['fgsm', 'pgd'] as const;
export type AdversarialMethod = (typeof ADVERSARIAL_METHODS)[number];

/**
 * webgpu: our WGSL kernels; cpu: the exact TypeScript reference (and the f64 oracle);
 * wasm: the CPU backend with WebAssembly SIMD hot paths (GEMM, conv), for browsers without WebGPU.
 */
export const BACKENDS = ['webgpu', 'cpu', 'wasm'] as const;
export type Backend = (typeof BACKENDS)[number];

/**
 * Input features of the 2-D sets (`data.features`), computed from the normalised x1, x2
 * (src/data/features.ts). Absent means `DEFAULT_FEATURES`, which is never written out.
 */
export const FEATURES = ['x1', 'x2', 'x1Squared', 'x2Squared', 'x1TimesX2', 'sinX1', 'sinX2'] as const;
export type FeatureName = (typeof FEATURES)[number];
export const DEFAULT_FEATURES: readonly FeatureName[] = ['x1', 'x2'];
/** How people read each feature (TensorFlow Playground's notation). */
export const FEATURE_LABELS: Record<FeatureName, string> = {
  x1: 'x₁', x2: 'x₂', x1Squared: 'x₁²', x2Squared: 'x₂²', x1TimesX2: 'x₁x₂', sinX1: 'sin(x₁)', sinX2: 'sin(x₂)',
};
