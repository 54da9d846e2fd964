import { describe, expect, test } from 'vitest';
import {
  ACTIVATIONS, BACKENDS, DATASETS, EARLY_STOPPING_METRICS, INITIALIZERS, LOSSES, NORMALIZATIONS,
  OPTIMIZERS, PADDINGS, SCHEDULES, datasetInfo, defaultExperiment, parseExperiment,
} from './index';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke arbitrary JSON
type Raw = Record<string, any>;
const base = (): Raw => structuredClone(defaultExperiment());
const with_ = (edit: (e: Raw) => void): Raw => { const e = base(); edit(e); return e; };
const paths = (input: unknown) => parseExperiment(input).errors.map((e) => e.path);

describe('parseExperiment', () => {
  test('the default experiment is valid and round-trips unchanged', () => {
    const result = parseExperiment(base());
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.experiment).toEqual(defaultExperiment());
  });

  test('fills defaults for optional fields', () => {
    const { experiment } = parseExperiment({
      version: 1,
      data: { dataset: 'mnist' },
      model: { layers: [{ type: 'conv2d', filters: 4, kernelSize: 3, activation: 'leakyRelu' }, { type: 'maxPool2d' }] },
      loss: 'huber',
      optimizer: { type: 'adamw', lr: 0.001 },
      training: { batchSize: 8, epochs: 1 },
    });
    expect(experiment).not.toBeNull();
    expect(experiment!.seed).toBe(1234);
    expect(experiment!.backend).toBe('webgpu');
    expect(experiment!.huberDelta).toBe(1);
    expect(experiment!.data).toMatchObject({ noise: 0, trainFraction: 0.8, normalize: 'none', augment: { shift: 0, flip: false, noise: 0 } });
    expect(experiment!.model.layers[0]).toMatchObject({ strides: 1, padding: 'valid', dilation: 1, alpha: 0.01 });
    expect(experiment!.model.layers[1]).toMatchObject({ poolSize: 2, padding: 'valid' });
    expect(experiment!.optimizer).toMatchObject({ beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, l1: 0, l2: 0 });
    expect(experiment!.schedule).toEqual({ type: 'constant', warmupSteps: 0 });
    expect(experiment!.training.evalEvery).toBe(1);
  });

  const enums: [string, readonly string[], (e: Raw, v: string) => void][] = [
    ['data.dataset', DATASETS, (e, v) => { e.data.dataset = v; if (v === 'csv') e.data.csv = { file: 'a.csv', target: 'y', task: 'classification' }; }],
    ['data.normalize', NORMALIZATIONS, (e, v) => { e.data.normalize = v; }],
    ['activation', ACTIVATIONS, (e, v) => { e.model.layers[0].activation = v; }],
    ['activation layer', ACTIVATIONS, (e, v) => { e.model.layers.splice(1, 0, { type: 'activation', activation: v }); }],
    ['init', INITIALIZERS, (e, v) => { e.model.layers[0].init = v; }],
    ['padding', PADDINGS, (e, v) => { e.model.layers = [{ type: 'conv2d', filters: 2, kernelSize: [3, 2], padding: v }]; }],
    ['loss', LOSSES, (e, v) => { e.loss = v; }],
    ['optimizer.type', OPTIMIZERS, (e, v) => { e.optimizer = { type: v, lr: 0.1 }; }],
    ['schedule.type', SCHEDULES, (e, v) => { e.schedule = { type: v }; }],
    ['earlyStopping.metric', EARLY_STOPPING_METRICS, (e, v) => { e.training.earlyStopping = { metric: v, patience: 3 }; }],
    ['backend', BACKENDS, (e, v) => { e.backend = v; }],
  ];
  test.each(enums)('every %s value parses and round-trips', (_name, values, set) => {
    for (const value of values) {
      const input = with_((e) => set(e, value));
      const first = parseExperiment(input);
      expect(first.errors, `${value}`).toEqual([]);
      const again = parseExperiment(JSON.parse(JSON.stringify(first.experiment)));
      expect(again.experiment).toEqual(first.experiment);
    }
  });

  test('every layer type parses', () => {
    const layers = [
      { type: 'reshape', shape: [2, 1, 1] },
      { type: 'conv2d', filters: 3, kernelSize: 1 },
      { type: 'depthwiseConv2d', kernelSize: 1, depthMultiplier: 2 },
      { type: 'separableConv2d', filters: 4, kernelSize: [1, 1], strides: [1, 1], dilation: 1 },
      { type: 'maxPool2d', poolSize: 1 },
      { type: 'avgPool2d', poolSize: [1, 1], strides: 1, padding: 'same' },
      { type: 'batchNorm' },
      { type: 'flatten' },
      { type: 'layerNorm' },
      { type: 'dropout', rate: 0 },
      { type: 'activation', activation: 'elu' },
      { type: 'dense', units: 2, init: 'zeros' },
    ];
    const result = parseExperiment(with_((e) => { e.model.layers = layers; }));
    expect(result.errors).toEqual([]);
    expect(result.experiment!.model.layers.map((l) => l.type)).toEqual(layers.map((l) => l.type));
    expect(result.experiment!.model.layers[10]).toMatchObject({ alpha: 1 });
  });

  const invalid: [string, Raw, string[]][] = [
    ['negative lr', with_((e) => { e.optimizer.lr = -0.1; }), ['optimizer.lr']],
    ['lr too large', with_((e) => { e.optimizer.lr = 11; }), ['optimizer.lr']],
    ['dropout 1.5', with_((e) => { e.model.layers[1].rate = 1.5; }), ['model.layers[1].rate']],
    ['dropout 1', with_((e) => { e.model.layers[1].rate = 1; }), ['model.layers[1].rate']],
    ['batch 0', with_((e) => { e.training.batchSize = 0; }), ['training.batchSize']],
    ['a billion units', with_((e) => { e.model.layers[0].units = 1e9; }), ['model.layers[0].units']],
    ['fractional units', with_((e) => { e.model.layers[2].units = 2.5; }), ['model.layers[2].units']],
    ['unknown layer type', with_((e) => { e.model.layers[1] = { type: 'lstm' }; }), ['model.layers[1].type']],
    ['a layer that is not an object', with_((e) => { e.model.layers[1] = 3; }), ['model.layers[1]']],
    ['no layers', with_((e) => { e.model.layers = []; }), ['model.layers']],
    ['missing kernelSize', with_((e) => { e.model.layers = [{ type: 'conv2d', filters: 2 }]; }), ['model.layers[0].kernelSize']],
    ['kernel pair out of range', with_((e) => { e.model.layers = [{ type: 'conv2d', filters: 2, kernelSize: [3, 0] }]; }), ['model.layers[0].kernelSize[1]']],
    ['bad padding', with_((e) => { e.model.layers = [{ type: 'conv2d', filters: 2, kernelSize: 3, padding: 'full' }]; }), ['model.layers[0].padding']],
    ['missing loss', with_((e) => { delete e.loss; }), ['loss']],
    ['noise 2', with_((e) => { e.data.noise = 2; }), ['data.noise']],
    ['trainFraction 0.95', with_((e) => { e.data.trainFraction = 0.95; }), ['data.trainFraction']],
    ['epochs 0', with_((e) => { e.training.epochs = 0; }), ['training.epochs']],
    ['lr as text', with_((e) => { e.optimizer.lr = '0.1'; }), ['optimizer.lr']],
    ['csv without csv', with_((e) => { e.data.dataset = 'csv'; }), ['data.csv']],
    ['fractions sum to 1', with_((e) => { e.data.validationFraction = 0.2; }), ['data.validationFraction']],
    ['version 0', with_((e) => { e.version = 0; }), ['version']],
    ['several at once', with_((e) => { e.optimizer.lr = 0; e.model.layers[1].rate = -1; e.training.batchSize = 1e6; }),
      ['model.layers[1].rate', 'optimizer.lr', 'training.batchSize']],
  ];
  test.each(invalid)('%s is reported at its path', (_name, input, expected) => {
    const result = parseExperiment(input);
    expect(result.experiment).toBeNull();
    expect(result.errors.map((e) => e.path).sort()).toEqual([...expected].sort());
    for (const error of result.errors) {
      expect(error.message).toMatch(/\.$/);
      const field = /\.?([A-Za-z]+)(\[\d+\])?$/.exec(error.path)?.[1];
      if (field && field !== 'layers') expect(error.message).toContain(field);
    }
  });

  test('messages name the layer, the field and the fix', () => {
    const [error] = parseExperiment(with_((e) => { e.model.layers[1].rate = 1.5; })).errors;
    expect(error.message).toBe('Layer 2 (dropout): rate must be a number at least 0 and below 1; got 1.5.');
    expect(parseExperiment(with_((e) => { delete e.loss; })).errors[0].message).toBe(
      'loss is missing; set it to one of softmaxCrossEntropy, binaryCrossEntropy, mse, huber.');
    expect(parseExperiment(with_((e) => { e.model.layers[1] = { type: 'lstm' }; })).errors[0].message).toMatch(
      /^Layer 2: type must be one of dense, .*; got "lstm"\.$/);
  });

  test('unknown fields are warnings and are dropped', () => {
    const input = with_((e) => { e.data.foo = 1; e.model.layers[0].kernelSize = 3; e.extra = { deep: true }; });
    const result = parseExperiment(input);
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => w.path).sort()).toEqual(['data.foo', 'extra', 'model.layers[0].kernelSize']);
    expect(result.warnings.find((w) => w.path === 'data.foo')!.message).toBe('Unknown field data.foo was ignored.');
    expect(result.experiment).toEqual(defaultExperiment());
    expect((input.data as Raw).foo).toBe(1); // the caller's object is left alone
  });

  test('hostile keys are dropped without touching prototypes', () => {
    const input = JSON.parse(JSON.stringify(base()).replace('{"version"', '{"__proto__":{"polluted":1},"constructor":{},"version"'));
    const result = parseExperiment(input);
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => w.path).sort()).toEqual(['__proto__', 'constructor']);
    expect(({} as Raw).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(result.experiment, '__proto__')).toBe(false);
  });

  test('warns about settings that do not apply', () => {
    const result = parseExperiment(with_((e) => { e.optimizer = { type: 'sgd', lr: 0.1, beta1: 0.9 }; e.huberDelta = 2; }));
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => w.path).sort()).toEqual(['huberDelta', 'optimizer.beta1']);
  });

  test('a future version is one clear error', () => {
    const result = parseExperiment(with_((e) => { e.version = 7; e.newThing = 1; }));
    expect(result.errors).toEqual([{
      path: 'version',
      message: 'This experiment was made by a newer version of the playground (version 7); this app reads version 1.',
    }]);
  });

  test('non-objects are rejected in a sentence', () => {
    for (const input of [null, 3, 'x', [], undefined]) {
      expect(paths(input)).toEqual(['']);
    }
  });
});

describe('datasetInfo', () => {
  test('gives the input shape, task and classes of every dataset', () => {
    expect(datasetInfo('spiral')).toMatchObject({ inputShape: [2], task: 'classification', numClasses: 2 });
    expect(datasetInfo('plane')).toMatchObject({ inputShape: [2], task: 'regression', numClasses: null });
    expect(datasetInfo('fashion-mnist')).toMatchObject({ inputShape: [28, 28, 1], numClasses: 10 });
    expect(datasetInfo('csv').inputShape).toBeNull();
    for (const name of DATASETS) expect(datasetInfo(name).name).toBe(name);
  });
});
