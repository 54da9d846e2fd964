// Every enumerated value of experiment spec v1. The UI builds its menus from these lists,
// and the schema from the same lists, so a value cannot be in one and not the other.
// NOTE: these strings are a fixed format (files and share links depend on them): add, never rename.

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

export const ACTIVATIONS = [
  'linear', 'relu', 'leakyRelu', 'elu', 'gelu', 'silu', 'tanh', 'sigmoid', 'softplus', 'softmax',
] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** `alpha` filled in when a layer uses one of these activations without giving it (PyTorch's defaults). */
export const ACTIVATION_ALPHA_DEFAULTS: Partial<Record<Activation, number>> = { leakyRelu: 0.01, elu: 1 };

export const INITIALIZERS = [
  'heUniform', 'heNormal', 'glorotUniform', 'glorotNormal', 'lecunUniform', 'lecunNormal', 'zeros',
] as const;
export type Initializer = (typeof INITIALIZERS)[number];

export const PADDINGS = ['same', 'valid'] as const;
export type Padding = (typeof PADDINGS)[number];

export const LOSSES = ['softmaxCrossEntropy', 'binaryCrossEntropy', 'mse', 'huber'] as const;
export type LossName = (typeof LOSSES)[number];

export const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adam', 'adamw', 'rmsprop', 'adagrad'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export const SCHEDULES = ['constant', 'step', 'exponential', 'cosine'] as const;
export type ScheduleName = (typeof SCHEDULES)[number];

export const EARLY_STOPPING_METRICS = ['testLoss', 'testAccuracy'] as const;
export type EarlyStoppingMetric = (typeof EARLY_STOPPING_METRICS)[number];

export const BACKENDS = ['webgpu', 'cpu'] as const;
export type Backend = (typeof BACKENDS)[number];
