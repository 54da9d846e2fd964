import { describe, expect, test } from 'vitest';
import { inferShapes } from './shapes';
import type { LayerSpecInput } from '../spec';

const IMAGE = [28, 28, 1];

describe('inferShapes', () => {
  test('dense stack: shapes, params and FLOPs', () => {
    const r = inferShapes([2], [{ type: 'dense', units: 16 }, { type: 'dropout', rate: 0.1 }, { type: 'dense', units: 2 }]);
    expect(r.errors).toEqual([]);
    expect(r.layers.map((l) => l.outputShape)).toEqual([[16], [16], [2]]);
    expect(r.layers.map((l) => l.params)).toEqual([2 * 16 + 16, 0, 16 * 2 + 2]);
    expect(r.totalParams).toBe(82);
    expect(r.totalFlops).toBe(2 * (2 * 16 + 16 * 2));
  });

  test('the TensorFlow.js MNIST CNN, counted by hand', () => {
    const r = inferShapes(IMAGE, [
      { type: 'conv2d', filters: 8, kernelSize: 5 },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'conv2d', filters: 16, kernelSize: 5 },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 10 },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.layers.map((l) => l.outputShape)).toEqual([[24, 24, 8], [12, 12, 8], [8, 8, 16], [4, 4, 16], [256], [10]]);
    expect(r.layers.map((l) => l.params)).toEqual([5 * 5 * 1 * 8 + 8, 0, 5 * 5 * 8 * 16 + 16, 0, 0, 256 * 10 + 10]);
    expect(r.totalParams).toBe(5994);
    expect(r.layers.map((l) => l.flops)).toEqual([2 * 24 * 24 * 8 * 25, 0, 2 * 8 * 8 * 16 * 200, 0, 0, 2 * 2560]);
  });

  test('same padding follows ceil(in / stride); valid drops the remainder', () => {
    const same = inferShapes([7, 5, 3], [{ type: 'conv2d', filters: 4, kernelSize: 3, strides: 2, padding: 'same' }]);
    expect(same.outputShape).toEqual([4, 3, 4]);
    const valid = inferShapes([7, 5, 3], [{ type: 'conv2d', filters: 4, kernelSize: [3, 1], strides: [2, 1] }]);
    expect(valid.outputShape).toEqual([3, 5, 4]);
  });

  test('dilation widens the kernel', () => {
    const r = inferShapes([9, 9, 1], [{ type: 'conv2d', filters: 1, kernelSize: 3, dilation: 2 }]);
    expect(r.outputShape).toEqual([5, 5, 1]); // effective kernel 5
    expect(r.layers[0].params).toBe(10);
  });

  test('depthwise multiplies channels; separable is depthwise + pointwise', () => {
    const dw = inferShapes([8, 8, 3], [{ type: 'depthwiseConv2d', kernelSize: 3, depthMultiplier: 2 }]);
    expect(dw.outputShape).toEqual([6, 6, 6]);
    expect(dw.totalParams).toBe(3 * 3 * 3 * 2 + 6);
    expect(dw.totalFlops).toBe(2 * 6 * 6 * 6 * 9);
    const sep = inferShapes([8, 8, 3], [{ type: 'separableConv2d', filters: 5, kernelSize: 3, padding: 'same' }]);
    expect(sep.outputShape).toEqual([8, 8, 5]);
    expect(sep.totalParams).toBe(3 * 3 * 3 + 3 * 5 + 5);
    expect(sep.totalFlops).toBe(2 * 8 * 8 * (3 * 9 + 3 * 5));
  });

  test('pooling strides default to the pool size', () => {
    expect(inferShapes([5, 5, 2], [{ type: 'avgPool2d', poolSize: 2 }]).outputShape).toEqual([2, 2, 2]);
    expect(inferShapes([5, 5, 2], [{ type: 'maxPool2d', poolSize: 3, strides: 1 }]).outputShape).toEqual([3, 3, 2]);
    expect(inferShapes([5, 5, 2], [{ type: 'maxPool2d', poolSize: 2, padding: 'same' }]).outputShape).toEqual([3, 3, 2]);
  });

  test('reshape, flatten and the norms', () => {
    const r = inferShapes([784], [
      { type: 'reshape', shape: [28, -1, 1] }, { type: 'batchNorm' }, { type: 'flatten' }, { type: 'layerNorm' },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.layers.map((l) => l.outputShape)).toEqual([[28, 28, 1], [28, 28, 1], [784], [784]]);
    expect(r.layers.map((l) => l.params)).toEqual([0, 2, 0, 2 * 784]);
  });

  const errors: [string, number[], LayerSpecInput[], string, RegExp][] = [
    ['conv after a dense', [2], [{ type: 'dense', units: 128 }, { type: 'conv2d', filters: 4, kernelSize: 3 }],
      'model.layers[1]', /^Layer 2 \(conv2d\) needs an image input \[H, W, C\] but receives \[128\]; add a reshape layer or remove it\.$/],
    ['dense on an image', IMAGE, [{ type: 'dense', units: 10 }],
      'model.layers[0]', /Layer 1 \(dense\) needs a flat input .* \[28, 28, 1\]; add a Flatten layer before it\./],
    ['kernel larger than its input', [4, 4, 1], [{ type: 'conv2d', filters: 1, kernelSize: 5 }],
      'model.layers[0].kernelSize', /kernelSize 5x5 is larger than its input 4x4/],
    ['pool larger than its input', [1, 1, 3], [{ type: 'maxPool2d', poolSize: 2 }],
      'model.layers[0].poolSize', /poolSize 2x2 is larger than its input 1x1/],
    ['reshape count mismatch', [10], [{ type: 'reshape', shape: [3, 3] }],
      'model.layers[0].shape', /Layer 1 \(reshape\) cannot reshape \[10\] \(10 values\) to \[3, 3\]/],
    ['reshape -1 that does not divide', [10], [{ type: 'reshape', shape: [3, -1] }], 'model.layers[0].shape', /multiple of 3/],
    ['two -1 in reshape', [10], [{ type: 'reshape', shape: [-1, -1] }], 'model.layers[0].shape', /only once/],
  ];
  test.each(errors)('%s is an error naming the layer and the fix', (_name, input, layers, path, message) => {
    const r = inferShapes(input, layers);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].path).toBe(path);
    expect(r.errors[0].message).toMatch(message);
    expect(r.outputShape).toBeNull();
  });

  test('layers after a failure have unknown shapes', () => {
    const r = inferShapes([2], [{ type: 'conv2d', filters: 1, kernelSize: 1 }, { type: 'dense', units: 3 }]);
    expect(r.layers[1]).toMatchObject({ inputShape: null, outputShape: null, params: 0 });
  });

  test('counts a training step\'s FLOPs as the step does the work: no input gradient before the first trainable layer', () => {
    const dense = (units: number, trainable = true) => ({ type: 'dense' as const, units, activation: 'relu' as const, ...(trainable ? {} : { trainable: false }) });
    const fwd1 = 2 * 784 * 128;
    const fwd2 = 2 * 128 * 10;
    const mlp = inferShapes([784], [dense(128), dense(10)]);
    expect(mlp.totalFlops).toBe(fwd1 + fwd2);
    // Layer 1: forward + weight gradient; layer 2: forward + weight gradient + input gradient.
    expect(mlp.trainingFlops).toBe(2 * fwd1 + 3 * fwd2);
    // About 2x the forward here, not the 3x estimate (which overstated GFLOP/s by ~50%).
    expect(mlp.trainingFlops / mlp.totalFlops).toBeLessThan(2.05);
    // A frozen first layer: forward only; the second then needs no input gradient either.
    const frozen = inferShapes([784], [dense(128, false), dense(10)]);
    expect(frozen.trainingFlops).toBe(fwd1 + 2 * fwd2);
    // A frozen last layer still passes the gradient back (its input gradient), with no weight gradient.
    const frozenLast = inferShapes([784], [dense(128), dense(10, false)]);
    expect(frozenLast.trainingFlops).toBe(2 * fwd1 + 2 * fwd2);
  });
});
