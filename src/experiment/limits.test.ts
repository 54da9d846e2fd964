// The GPU buffer limits check on its own: per-layer activations and weights, the whole
// model (one flat parameter buffer), and whichever of the two adapter limits is tighter.
import { describe, expect, it } from 'vitest';
import { inferShapes } from '../nn/shapes';
import { parseExperiment, type LayerSpec } from '../spec';
import { checkLimits, formatBytes } from './limits';

const MiB = 2 ** 20;

function layersOf(input: unknown[]): LayerSpec[] {
  const r = parseExperiment({
    version: 1, data: { dataset: 'spiral' }, model: { layers: input }, loss: 'softmaxCrossEntropy',
    optimizer: { type: 'sgd', lr: 0.1 }, training: { batchSize: 8, epochs: 1 },
  });
  if (!r.experiment) throw new Error(JSON.stringify(r.errors));
  return r.experiment.model.layers;
}

function check(layers: LayerSpec[], batch: number, limits: { maxStorageBufferBindingSize: number; maxBufferSize: number }, input = [2]) {
  return checkLimits(inferShapes(input, layers), batch, layers, limits);
}

describe('checkLimits', () => {
  it('refuses a model whose layers each fit but whose parameters together do not', () => {
    // Two 400x400 dense layers: 160,400 weights (627 KiB) each, 1.2 MiB together > 1 MiB.
    const layers = layersOf([{ type: 'dense', units: 400 }, { type: 'dense', units: 400 }, { type: 'dense', units: 400 }, { type: 'dense', units: 2 }]);
    const summary = inferShapes([2], layers);
    expect(summary.layers.every((l) => l.params * 4 < MiB)).toBe(true);
    expect(summary.totalParams * 4).toBeGreaterThan(MiB);
    const issues = check(layers, 8, { maxStorageBufferBindingSize: MiB, maxBufferSize: 4 * MiB });
    expect(issues).toEqual([
      {
        path: 'model.layers',
        message: `The model has ${summary.totalParams} parameters (${formatBytes(summary.totalParams * 4)}), but this GPU allows 1.0 MiB per buffer (maxStorageBufferBindingSize); make some layers smaller.`,
      },
    ]);
    // With room for all of them, nothing is reported.
    expect(check(layers, 8, { maxStorageBufferBindingSize: 2 * MiB, maxBufferSize: 4 * MiB })).toEqual([]);
  });

  it('names maxBufferSize when it is the smaller limit', () => {
    const layers = layersOf([{ type: 'dense', units: 1024 }, { type: 'dense', units: 2 }]);
    // 64 x 1024 x 4 bytes = 256 KiB of activations: over a 128 KiB maxBufferSize.
    const issues = check(layers, 64, { maxStorageBufferBindingSize: 16 * MiB, maxBufferSize: 128 * 1024 });
    expect(issues.map((i) => i.path)).toEqual(['model.layers[0]']);
    expect(issues[0].message).toBe(
      'Layer 1 (dense) produces 64 x 1024 values per batch (256.0 KiB), but this GPU allows 128.0 KiB per buffer (maxBufferSize); lower training.batchSize or make the layer smaller.',
    );
  });

  it('counts bytes exactly: at the limit fits, one value more does not', () => {
    const layers = layersOf([{ type: 'dense', units: 256 }, { type: 'dense', units: 2 }]);
    const exact = 32 * 256 * 4;
    expect(check(layers, 32, { maxStorageBufferBindingSize: exact, maxBufferSize: exact })).toEqual([]);
    expect(check(layers, 33, { maxStorageBufferBindingSize: exact, maxBufferSize: exact }).map((i) => i.path)).toEqual(['model.layers[0]']);
  });

  it('checks the weights of one layer, and the activations of a convolution at the batch size', () => {
    const layers = layersOf([{ type: 'conv2d', filters: 64, kernelSize: 3, padding: 'same' }, { type: 'flatten' }, { type: 'dense', units: 10 }]);
    const limits = { maxStorageBufferBindingSize: MiB, maxBufferSize: MiB };
    // conv output 28x28x64 = 50,176 values per sample (784 KiB at batch 4: fits);
    // the dense layer has 50,176 x 10 + 10 weights (1.9 MiB: does not).
    expect(check(layers, 4, limits, [28, 28, 1])).toEqual([
      { path: 'model.layers[2]', message: 'Layer 3 (dense) has 501770 weights (1.9 MiB), but this GPU allows 1.0 MiB per buffer (maxStorageBufferBindingSize); make the layer smaller.' },
    ]);
    // At batch 6 the convolution's activations (1.1 MiB, and the flatten of them) are over too.
    expect(check(layers, 6, limits, [28, 28, 1]).map((i) => i.path)).toEqual(['model.layers[0]', 'model.layers[1]', 'model.layers[2]']);
  });
});
