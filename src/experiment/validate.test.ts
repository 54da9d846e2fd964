import { describe, expect, test } from 'vitest';
import { defaultExperiment } from '../spec';
import { findPreset } from './presets';
import { validateExperiment } from './validate';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke arbitrary JSON
type Raw = Record<string, any>;
const spiral = (edit: (e: Raw) => void = () => {}): Raw => { const e: Raw = defaultExperiment(); edit(e); return e; };
const mnist = (edit: (e: Raw) => void = () => {}): Raw => { const e: Raw = findPreset('mnist-cnn')!.experiment; edit(e); return e; };
const paths = (input: unknown, opts = {}) => validateExperiment(input, opts).errors.map((e) => e.path);

// WebGPU's default limits (what an adapter guarantees at least).
const DEFAULT_LIMITS = { maxStorageBufferBindingSize: 128 * 2 ** 20, maxBufferSize: 256 * 2 ** 20 };

describe('validateExperiment', () => {
  test('a valid experiment comes with its summary', () => {
    const r = validateExperiment(spiral(), { limits: DEFAULT_LIMITS });
    expect(r.errors).toEqual([]);
    expect(r.experiment).toEqual(defaultExperiment());
    expect(r).toMatchObject({ inputShape: [2], task: 'classification', numClasses: 2 });
    expect(r.summary!.totalParams).toBe(2 * 16 + 16 + 16 * 2 + 2);
  });

  test('conv after a dense without reshape', () => {
    expect(paths(spiral((e) => { e.model.layers.splice(1, 0, { type: 'conv2d', filters: 2, kernelSize: 3 }); }))).toEqual(['model.layers[1]']);
  });

  test('wrong last-layer size names the field to change', () => {
    const r = validateExperiment(spiral((e) => { e.model.layers[2].units = 3; }));
    expect(r.errors.map((e) => e.path)).toEqual(['model.layers[2].units']);
    expect(r.errors[0].message).toBe(
      'The model ends with Layer 3 (dense), which gives 3 outputs; softmaxCrossEntropy needs one score per class (spiral has 2 classes), so set its units to 2.');
  });

  test('an image output needs flattening before the loss', () => {
    const r = validateExperiment(mnist((e) => { e.model.layers.splice(4); }));
    expect(r.errors.map((e) => e.path)).toEqual(['model.layers[3]']);
    expect(r.errors[0].message).toMatch(/gives \[4, 4, 16\].*Flatten layer and a Dense layer of 10 units/);
  });

  test('loss and task must agree', () => {
    expect(paths(spiral((e) => { e.loss = 'mse'; }))).toEqual(['loss']);
    expect(paths(spiral((e) => { e.data.dataset = 'plane'; e.model.layers[2].units = 1; }))).toEqual(['loss']);
    expect(paths(mnist((e) => { e.loss = 'binaryCrossEntropy'; }))).toEqual(['loss']);
    expect(paths(spiral((e) => { e.loss = 'binaryCrossEntropy'; }))).toEqual(['model.layers[2].units']);
    expect(paths(spiral((e) => { e.loss = 'binaryCrossEntropy'; e.model.layers[2].units = 1; }))).toEqual([]);
    expect(paths(spiral((e) => { e.data.dataset = 'plane'; e.loss = 'huber'; }))).toEqual(['model.layers[2].units']);
    expect(paths(spiral((e) => {
      e.data.dataset = 'plane'; e.loss = 'mse'; e.model.layers[2].units = 1;
      e.training.earlyStopping = { metric: 'testAccuracy', patience: 2 };
    }))).toEqual(['training.earlyStopping.metric']);
  });

  test('csv uses the loaded shape and classes when given, and waits otherwise', () => {
    const csv = spiral((e) => { e.data.dataset = 'csv'; e.data.csv = { file: 'iris.csv', target: 'species', task: 'classification' }; });
    const waiting = validateExperiment(csv);
    expect(waiting.errors).toEqual([]);
    expect(waiting.summary).toBeNull();
    expect(waiting.warnings).toEqual([]); // nothing to act on: the shapes are checked once the file is loaded
    expect(paths(csv, { inputShape: [4], numClasses: 3 })).toEqual(['model.layers[2].units']);
    expect(paths(csv, { inputShape: [4], numClasses: 2 })).toEqual([]);
  });

  test('model errors are reported next to unrelated field errors', () => {
    const r = validateExperiment(spiral((e) => { e.optimizer.lr = -1; e.model.layers[2].units = 5; }));
    expect(r.errors.map((e) => e.path)).toEqual(['optimizer.lr', 'model.layers[2].units']);
    expect(r.summary).not.toBeNull();
  });

  test('a broken layer keeps the input shape and the shapes before it', () => {
    const r = validateExperiment(spiral((e) => { e.model.layers.splice(1, 0, { type: 'dense', units: 8 }); e.model.layers[2].rate = 1.5; }));
    expect(r.errors.map((e) => e.path)).toEqual(['model.layers[2].rate']);
    expect(r.inputShape).toEqual([2]);
    expect(r.summary!.layers.map((l) => l.outputShape)).toEqual([[16], [8]]);
    const first = validateExperiment(spiral((e) => { e.model.layers[0].units = 1.5; }));
    expect(first.errors.map((e) => e.path)).toEqual(['model.layers[0].units']);
    expect(first).toMatchObject({ inputShape: [2], summary: { layers: [] } });
  });

  test('layers that do not fit the GPU are errors that say why', () => {
    const big = spiral((e) => { e.model.layers[0].units = 65536; e.model.layers[2].units = 65536; e.training.batchSize = 1024; });
    const r = validateExperiment(big, { limits: DEFAULT_LIMITS });
    // layer 1: 1024 x 65536 x 4 bytes = 256 MiB > 128 MiB; layer 3 also has 65536^2 weights.
    expect(r.errors.map((e) => e.path)).toContain('model.layers[0]');
    expect(r.errors.find((e) => e.path === 'model.layers[0]')!.message).toMatch(
      /^Layer 1 \(dense\) produces 1024 x 65536 values per batch \(256\.0 MiB\), but this GPU allows 128\.0 MiB per buffer \(maxStorageBufferBindingSize\); lower training\.batchSize/);
    expect(r.errors.some((e) => /Layer 3 \(dense\) has 4295032832 weights/.test(e.message))).toBe(true);
    // The cpu backend has no such limits.
    expect(paths({ ...big, backend: 'cpu' }, { limits: DEFAULT_LIMITS }).filter((p) => p.startsWith('model'))).toEqual(['model.layers[2].units']);
  });

  test('a softmax before softmaxCrossEntropy is a warning', () => {
    const r = validateExperiment(spiral((e) => { e.model.layers[2].activation = 'softmax'; }));
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.path)).toEqual(['model.layers[2].activation']);
  });

  test('a file without version is read as version 1, with a warning', () => {
    const r = validateExperiment(spiral((e) => { delete e.version; }));
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.path)).toEqual(['version']);
  });
});
