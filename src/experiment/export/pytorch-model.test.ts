// The exported train.py against real PyTorch (Debian's python3-torch), without training:
// build_model() with our weights gives our engine's outputs; --save's layouts invert
// load_weights'; the Python ports of our seeded generators match the TypeScript bit for bit.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../engine/cpu/backend';
import { hash32, hashU32, hashUniform, Rng } from '../../engine/random';
import { noGrad } from '../../engine/tape';
import { augmentBatch, epochPermutation, SPLIT_STREAM } from '../../data';
import { buildModel, forward } from '../../nn/model';
import type { LayerSpec } from '../../spec';
import { decodeSafetensors, encodeSafetensors, type NamedTensor } from '../../train/safetensors';
import { TrainingState } from '../../train/training-state';
import { experimentWith, python, requireTorch } from './python-testing';
import { trainPy } from './train-py';

const dirs: string[] = [];
// Importing torch takes seconds, more on a busy machine.
beforeAll(requireTorch, 60_000);
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function projectDir(layers: LayerSpec[], inputShape: number[], augment = { shift: 0, flip: false, noise: 0 }): string {
  const dir = mkdtempSync(join(tmpdir(), 'torch-export-'));
  dirs.push(dir);
  const experiment = { ...experimentWith({ data: { augment } }), model: { layers } };
  const script = trainPy({
    experiment, inputShape, task: 'classification', stats: { method: 'none', offset: [0], divisor: [1] },
    data: { kind: 'table', files: { table: 'points.csv' }, targetColumns: 1 },
  });
  writeFileSync(join(dir, 'train.py'), script);
  return dir;
}

const FORWARD_PY = `
import json, torch, train
model = train.build_model()
report = train.load_weights(model, "w.safetensors", quiet=True)
model.eval()
x = train.read_safetensors("x.safetensors")[0]["x"]
with torch.no_grad():
    y = model(train.to_channels_first(x))
train.write_safetensors("y.safetensors", {"y": train.to_channels_last(y).contiguous()})
train.save_weights(model, "back.safetensors")
print(json.dumps(report))
`;

/** Random weights (running variances positive) and inputs; our CPU forward vs PyTorch's. */
async function compareForward(layers: LayerSpec[], inputShape: number[], batch: number): Promise<{ maxDiff: number; outputs: number }> {
  const dir = projectDir(layers, inputShape);
  const model = buildModel(inputShape, layers);
  const rng = new Rng(77);
  const random = (p: { name: string; shape: number[] }): NamedTensor => {
    const size = p.shape.reduce((a, b) => a * b, 1);
    const positive = /runningVar|gamma/.test(p.name);
    return { name: p.name, shape: p.shape, data: Float32Array.from({ length: size }, () => (positive ? rng.range(0.5, 1.5) : rng.range(-0.5, 0.5))) };
  };
  const params = model.params.map(random);
  const state = model.state.map(random);
  const x = Float32Array.from({ length: batch * inputShape.reduce((a, b) => a * b, 1) }, () => rng.range(-1, 1));
  writeFileSync(join(dir, 'w.safetensors'), encodeSafetensors([...params, ...state]));
  writeFileSync(join(dir, 'x.safetensors'), encodeSafetensors([{ name: 'x', shape: [batch, ...inputShape], data: x }]));
  writeFileSync(join(dir, 'forward.py'), FORWARD_PY);
  const report = JSON.parse(python(['forward.py'], dir).trim().split('\n').at(-1)!);
  expect(report.matched).toHaveLength(params.length + state.length);
  expect([report.missing, report.shape, report.unused]).toEqual([[], [], []]);

  const cpu = createCpuBackend('f32');
  const up = (t: NamedTensor) => cpu.upload(t.data, t.shape);
  const ours = await cpu.read(noGrad(() => forward(model, cpu.upload(x, [batch, ...inputShape]), params.map(up), state.map(up), { training: false, seed: 1, stream: 0 })));
  const theirs = decodeSafetensors(readFileSync(join(dir, 'y.safetensors'))).tensors[0];
  expect(theirs.shape).toEqual([batch, ...model.outputShape]);
  let maxDiff = 0;
  ours.forEach((v, i) => { maxDiff = Math.max(maxDiff, Math.abs(v - theirs.data[i])); });

  // --save writes our names and layouts: the weights come back bit for bit.
  const back = decodeSafetensors(readFileSync(join(dir, 'back.safetensors'))).tensors;
  expect(back.map((t) => [t.name, t.shape])).toEqual([...params, ...state].map((t) => [t.name, t.shape]));
  back.forEach((t, i) => expect(Array.from(t.data), t.name).toEqual(Array.from([...params, ...state][i].data)));
  // ...and load into a model the way the page's "Load weights" and --init-from do
  // (TrainingState.loadWeights): every tensor matches and lands bit for bit.
  const loaded = new TrainingState(cpu, model, experimentWith({}).optimizer);
  const loadReport = loaded.loadWeights(back);
  expect(loadReport.matched).toHaveLength(back.length);
  expect([loadReport.missing, loadReport.shapeMismatch, loadReport.unexpected]).toEqual([[], [], []]);
  const again = await loaded.exportWeights();
  expect(again.map((t) => t.name)).toEqual(back.map((t) => t.name));
  again.forEach((t, i) => expect(Array.from(t.data), t.name).toEqual(Array.from(back[i].data)));
  loaded.dispose();
  return { maxDiff, outputs: ours.length };
}

describe('build_model() + load_weights() give our engine\'s outputs (max abs difference < 1e-4)', () => {
  it('an MLP (dense, layer norm, batch norm, dropout in eval mode, activations with alpha)', async () => {
    const layers: LayerSpec[] = [
      { type: 'dense', units: 12, activation: 'leakyRelu', alpha: 0.2 },
      { type: 'batchNorm' },
      { type: 'dropout', rate: 0.3 },
      { type: 'dense', units: 9, activation: 'gelu' },
      { type: 'layerNorm', activation: 'elu' },
      { type: 'groupNorm', groups: 3, activation: 'silu' },
      { type: 'dense', units: 4, activation: 'softmax' },
    ] as LayerSpec[];
    const { maxDiff, outputs } = await compareForward(layers, [5], 7);
    expect(outputs).toBe(28);
    expect(maxDiff).toBeLessThan(1e-4);
  });

  it('a CNN: conv same (stride 2) and valid, max and average pooling (valid and same), batch norm, dropout, flatten', async () => {
    const layers: LayerSpec[] = [
      { type: 'conv2d', filters: 4, kernelSize: 3, strides: 2, padding: 'same', dilation: 1, activation: 'relu' },
      { type: 'batchNorm' },
      { type: 'conv2d', filters: 5, kernelSize: [2, 3], strides: 1, padding: 'valid', dilation: 1, activation: 'tanh' },
      { type: 'maxPool2d', poolSize: 2, padding: 'same' },
      { type: 'avgPool2d', poolSize: [2, 1], strides: 1, padding: 'same' },
      { type: 'dropout', rate: 0.25 },
      { type: 'avgPool2d', poolSize: 2, padding: 'valid' },
      { type: 'flatten' },
      { type: 'dense', units: 3 },
    ] as LayerSpec[];
    const { maxDiff } = await compareForward(layers, [13, 11, 2], 3);
    expect(maxDiff).toBeLessThan(1e-4);
  });

  it('depthwise and separable convolutions (dilation), group and layer norm on images, reshape, global average pooling', async () => {
    const layers: LayerSpec[] = [
      { type: 'depthwiseConv2d', kernelSize: 3, strides: 2, padding: 'same', dilation: 1, depthMultiplier: 2, activation: 'sigmoid' },
      { type: 'separableConv2d', filters: 6, kernelSize: 3, strides: 1, padding: 'same', dilation: 2, activation: 'softplus' },
      { type: 'groupNorm', groups: 2 },
      { type: 'layerNorm' },
      { type: 'activation', activation: 'softmax' },
      { type: 'reshape', shape: [-1, 3] },
      { type: 'flatten' },
      { type: 'reshape', shape: [5, 4, 6] },
      { type: 'globalAvgPool2d' },
      { type: 'dense', units: 2 },
    ] as LayerSpec[];
    const { maxDiff } = await compareForward(layers, [9, 8, 3], 2);
    expect(maxDiff).toBeLessThan(1e-4);
  });
});

const PORTS_PY = `
import json, torch, train as t
inp = json.load(open("ports-in.json"))
seed = inp["seed"]
out = {
    "hash32": [t.hash32(v) for v in inp["values"]],
    "hashU32": [t.hash_u32(a, b, c) for a, b, c in inp["triples"]],
    "hashUniform": t.hash_uniform_tensor(seed, inp["stream"], torch.tensor(inp["values"], dtype=torch.int64)).tolist(),
    "split": t.Rng.derive(seed, t.SPLIT_STREAM).permutation(1000),
    "epoch": t.epoch_permutation(seed, 3, 777),
}
r = t.Rng(seed)
out["rng"] = [r.next_u32() for _ in range(50)]
d = t.SeededDropout(0.3, 2)
d.train()
t.StepContext.step, t.StepContext.row_offset = 7, 3
out["dropout"] = t.to_channels_last(d(torch.ones(5, 3, 4, 2))).reshape(-1).tolist()
images = torch.tensor(inp["images"], dtype=torch.float32).reshape(inp["imageShape"])
out["augment"] = t.to_channels_last(t.augment(t.to_channels_first(images), 11, 0)).reshape(-1).tolist()
print(json.dumps(out))
`;

describe('the Python ports of our seeded generators', () => {
  it('hash32, hashU32, hashUniform, Rng, the split and epoch permutations, dropout masks and augmentation match the TypeScript bit for bit', () => {
    const seed = 1234;
    const dir = projectDir([{ type: 'dense', units: 2 }] as LayerSpec[], [2], { shift: 2, flip: true, noise: 0.1 });
    const rng = new Rng(5);
    const values = [0, 1, 2, 0x7fffffff, 0x80000000, 0xffffffff, ...Array.from({ length: 200 }, () => rng.nextU32())];
    const triples = Array.from({ length: 50 }, () => [rng.nextU32(), rng.nextU32(), rng.nextU32()]);
    const imageShape = [6, 5, 4, 2];
    const images = Array.from({ length: 6 * 5 * 4 * 2 }, () => Math.fround(rng.range(-2, 2)));
    writeFileSync(join(dir, 'ports-in.json'), JSON.stringify({ seed, stream: 99, values, triples, images, imageShape }));
    writeFileSync(join(dir, 'ports.py'), PORTS_PY);
    const got = JSON.parse(python(['ports.py'], dir));

    expect(got.hash32).toEqual(values.map(hash32));
    expect(got.hashU32).toEqual(triples.map(([a, b, c]) => hashU32(a, b, c)));
    expect(got.hashUniform).toEqual(values.map((v) => hashUniform(seed, 99, v)));
    const r = new Rng(seed);
    expect(got.rng).toEqual(Array.from({ length: 50 }, () => r.nextU32()));
    expect(got.split).toEqual(Array.from(Rng.derive(seed, SPLIT_STREAM).permutation(1000)));
    expect(got.epoch).toEqual(Array.from(epochPermutation(seed, 3, 777)));

    // Layer index 2, step 7, this process's rows starting at row 3 of the global batch.
    const perSample = 4 * 2 * 3;
    const layerSeed = hashU32(seed, 0xd80, 2);
    const mask = Array.from({ length: 5 * perSample }, (_, i) => (hashUniform(layerSeed, 7, 3 * perSample + i) >= Math.fround(0.3) ? Math.fround(1 / 0.7) : 0));
    expect(got.dropout).toEqual(mask);
    expect(mask.filter((m) => m === 0).length).toBeGreaterThan(10);

    const ours = augmentBatch(Float32Array.from(images), imageShape.slice(1), { shift: 2, flip: true, noise: 0.1 }, seed, 11);
    expect(got.augment).toEqual(Array.from(ours));
  });
});
