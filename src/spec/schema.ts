import { z } from './zod';
import {
  BACKENDS, DATASETS, ADVERSARIAL_METHODS, EARLY_STOPPING_METRICS, FEATURES, LOSSES, NORMALIZATIONS, OPTIMIZERS, SCHEDULES, TASKS,
} from './enums';
import type { ScheduleName } from './enums';
import { flag, inRangeSchema, numberIn, oneOf, text, wholeNumber } from './fields';
import { RANGES as R } from './ranges';
import { layerSchema } from './layers';
import { OPTIMIZER_DEFAULTS, OPTIMIZER_FIELDS, type OptimizerField } from './optimizers';

// Re-exported so `spec/schema` alone gives every type and enum of the format.
export * from './enums';
export * from './layers';
export * from './optimizers';
export * from './ranges';

// Experiment spec v1 (docs: /shared/DESIGN.md). Field names and values are a fixed format;
// new fields must be optional. Objects are strict so that validate.ts can report unknown
// fields as warnings (and drop them) instead of silently ignoring typos.

export const SPEC_VERSION = 1;
export const MAX_LAYERS = 200;

const object = <S extends z.ZodRawShape>(shape: S) => z.strictObject(shape, { error: 'an object' });

const augmentSchema = object({
  shift: inRangeSchema(R.augmentShift).default(0), // pixels, images only
  flip: flag().default(false), // horizontal flip, images only
  noise: inRangeSchema(R.augmentNoise).default(0), // Gaussian noise std added to the (normalized) inputs
});

const csvSchema = object({
  file: text(1000),
  target: text(200),
  task: oneOf(TASKS),
  size: wholeNumber(0, Number.MAX_SAFE_INTEGER).optional(), // bytes, to recognise the file again
  hash: text(128).optional(), // content hash, same purpose
});

const dataSchema = object({
  dataset: oneOf(DATASETS),
  noise: inRangeSchema(R.noise).default(0),
  trainFraction: inRangeSchema(R.trainFraction).default(0.8),
  validationFraction: inRangeSchema(R.validationFraction).optional(),
  normalize: oneOf(NORMALIZATIONS).default('none'),
  augment: augmentSchema.default({ shift: 0, flip: false, noise: 0 }),
  csv: csvSchema.optional(),
  // 2-D sets only; no default, so an experiment without it stays byte for byte the same.
  // Duplicates and use on other datasets are reported by validate.ts (cross-field).
  features: z.array(oneOf(FEATURES), { error: `a list of features from ${FEATURES.join(', ')}` })
    .min(1, { error: `a list of at least one feature from ${FEATURES.join(', ')}` })
    .max(FEATURES.length, { error: `a list of at most ${FEATURES.length} features` })
    .optional(),
});

const modelSchema = object({
  layers: z.array(layerSchema, { error: 'a list of layers' })
    .min(1, { error: 'a list of at least one layer' })
    .max(MAX_LAYERS, { error: `a list of at most ${MAX_LAYERS} layers` }),
});

/** Every per-optimizer setting (momentum, beta1, beta2, eps, weightDecay) is optional, in its table range. */
const optimizerFields = Object.fromEntries(
  Object.entries(OPTIMIZER_FIELDS as Record<string, OptimizerField>).map(([field, { range }]) => [field, numberIn(range.min, range.max, range).optional()]),
) as { [F in keyof typeof OPTIMIZER_FIELDS]: z.ZodOptional<z.ZodNumber> };

const optimizerSchema = object({
  type: oneOf(OPTIMIZERS),
  lr: inRangeSchema(R.lr),
  ...optimizerFields,
  l1: inRangeSchema(R.penalty).default(0),
  l2: inRangeSchema(R.penalty).default(0),
  // NOTE: rmsprop's smoothing constant (PyTorch `alpha`) is `beta2` here.
}).transform((o) => ({ ...OPTIMIZER_DEFAULTS[o.type], ...o }));

export const SCHEDULE_DEFAULTS: Record<ScheduleName, { stepSize?: number; gamma?: number }> = {
  constant: {},
  step: { stepSize: 1000, gamma: 0.1 },
  exponential: { gamma: 0.999 }, // per optimizer step
  cosine: {},
};

const scheduleSchema = object({
  type: oneOf(SCHEDULES),
  warmupSteps: inRangeSchema(R.warmupSteps).default(0),
  stepSize: inRangeSchema(R.stepSize).optional(),
  gamma: inRangeSchema(R.gamma).optional(),
}).transform((s) => ({ ...SCHEDULE_DEFAULTS[s.type], ...s }));

const trainingSchema = object({
  batchSize: inRangeSchema(R.batchSize),
  epochs: inRangeSchema(R.epochs),
  clipGradNorm: inRangeSchema(R.clipGradNorm).optional(),
  evalEvery: inRangeSchema(R.evalEvery).default(1),
  earlyStopping: object({
    metric: oneOf(EARLY_STOPPING_METRICS),
    patience: inRangeSchema(R.patience),
  }).optional(),
  targetLoss: inRangeSchema(R.targetLoss).optional(),
  // Absent: plain training, bit for bit as before the field existed.
  adversarial: object({
    method: oneOf(ADVERSARIAL_METHODS),
    // Raw pixels scaled to [0, 1] for images; normalised feature units otherwise.
    epsilon: inRangeSchema(R.adversarialEpsilon),
    steps: inRangeSchema(R.adversarialSteps).optional(),
    stepSize: inRangeSchema(R.adversarialStepSize).optional(),
    // Share of each batch replaced by adversarial examples made on the fly.
    fraction: inRangeSchema(R.adversarialFraction).default(0.5),
  }).optional(),
});

const experimentObject = object({
  version: z.literal(SPEC_VERSION, { error: `${SPEC_VERSION}` }),
  seed: inRangeSchema(R.seed).default(1234),
  data: dataSchema,
  model: modelSchema,
  loss: oneOf(LOSSES),
  huberDelta: inRangeSchema(R.huberDelta).optional(),
  optimizer: optimizerSchema,
  schedule: scheduleSchema.default({ type: 'constant', warmupSteps: 0 }),
  training: trainingSchema,
  backend: oneOf(BACKENDS).default('webgpu'),
});

export const experimentSchema = experimentObject.transform((e) =>
  e.loss === 'huber' && e.huberDelta === undefined ? { ...e, huberDelta: 1 } : e,
);

/** An experiment after parsing: defaults filled, unknown fields dropped. */
export type Experiment = z.output<typeof experimentSchema>;
/** An experiment as written in a file or link (optional fields may be missing). */
export type ExperimentInput = z.input<typeof experimentSchema>;
export type DataSpec = Experiment['data'];
export type CsvSpec = NonNullable<DataSpec['csv']>;
export type AugmentSpec = DataSpec['augment'];
export type ModelSpec = Experiment['model'];
export type OptimizerSpec = Experiment['optimizer'];
export type ScheduleSpec = Experiment['schedule'];
export type TrainingSpec = Experiment['training'];
export type AdversarialSpec = NonNullable<TrainingSpec['adversarial']>;
export type EarlyStoppingSpec = NonNullable<TrainingSpec['earlyStopping']>;
