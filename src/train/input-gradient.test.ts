// The input gradient in evaluation mode against float64 central differences (dense, conv,
// batch norm with running statistics, dropout that must stay off) and against PyTorch.
import { describe, expect, it } from 'vitest';
import { createCpuBackend, type CpuBackend } from '../engine/cpu/backend';
import { Rng } from '../engine/random';
import { noGrad } from '../engine/tape';
import { tidy } from '../engine/tensor';
import { forward } from '../nn/model';
import { lossOf } from '../nn/losses';
import { modelInputGradient } from './input-gradient';
import { python, randomModel, type LayersInput } from './adversarial-test-helpers';

const MLP: LayersInput = [
  { type: 'dense', units: 6, activation: 'tanh' },
  { type: 'batchNorm' },
  { type: 'dropout', rate: 0.4 },
  { type: 'dense', units: 3 },
];
const CONV: LayersInput = [
  { type: 'conv2d', filters: 3, kernelSize: 3, padding: 'same', activation: 'tanh' },
  { type: 'batchNorm' },
  { type: 'dropout', rate: 0.5 },
  { type: 'flatten' },
  { type: 'dense', units: 3 },
];

function setup(b: CpuBackend, inputShape: number[], layers: LayersInput, n: number) {
  const m = randomModel(b, inputShape, layers);
  const rng = new Rng(11);
  const size = inputShape.reduce((a, c) => a * c, 1);
  const x = Float64Array.from({ length: n * size }, () => rng.range(-1, 1));
  const labels = Array.from({ length: n }, (_, i) => i % 3);
  return { ...m, x, labels, shape: [n, ...inputShape] };
}

describe('modelInputGradient', () => {
  it.each([
    ['an MLP with batch norm and dropout', [7], MLP, 4],
    ['a conv net on an odd image', [5, 3, 2], CONV, 3],
  ] as const)('matches float64 central differences for %s', (_, inputShape, layers, n) => {
    const b = createCpuBackend('f64');
    const s = setup(b, [...inputShape], layers, n);
    const weights = { params: s.params, state: s.state };
    const spec = { loss: 'softmaxCrossEntropy' as const, seed: 5 };
    const target = b.upload(s.labels, [n], 'u32');
    const lossAt = (v: Float64Array) =>
      tidy(() => noGrad(() => {
        const out = forward(s.model, b.upload(v, s.shape), s.params, s.state, { training: false, seed: 5, stream: 0 });
        return b.readSync(lossOf('softmaxCrossEntropy', out, target))[0];
      }));
    const analytic = tidy(() => b.readSync(modelInputGradient(s.model, weights, b.upload(s.x, s.shape), target, spec).grad));
    const h = 1e-6;
    let worst = 0;
    for (let i = 0; i < s.x.length; i++) {
      const orig = s.x[i];
      s.x[i] = orig + h;
      const up = lossAt(s.x);
      s.x[i] = orig - h;
      const down = lossAt(s.x);
      s.x[i] = orig;
      worst = Math.max(worst, Math.abs((up - down) / (2 * h) - analytic[i]));
    }
    expect(worst).toBeLessThan(1e-7);
    expect(Math.max(...Array.from(analytic, Math.abs))).toBeGreaterThan(1e-3);
    // No weight gradient was computed, and the parameters record gradients again afterwards.
    expect(s.params.every((p) => p.grad === null && p.requiresGrad)).toBe(true);
  });

  it('agrees with PyTorch (model.eval(), loss.backward() on the input)', () => {
    const b = createCpuBackend('f32');
    const s = setup(b as CpuBackend, [7], MLP, 5);
    const read = (t: { shape: readonly number[] }, i: number) => ({ shape: t.shape, data: Array.from(b.readSync(s.params[i])) });
    const grad = tidy(() => Array.from(b.readSync(modelInputGradient(s.model, { params: s.params, state: s.state }, b.upload(s.x, s.shape), b.upload(s.labels, [5], 'u32'), { loss: 'softmaxCrossEntropy', seed: 5 }).grad)));
    const torch = python<number[]>(
      `
import json, sys, torch
d = json.load(sys.stdin)
t = lambda v: torch.tensor(v['data'], dtype=torch.float32).reshape(v['shape'])
p = [t(v) for v in d['params']]
st = [torch.tensor(v, dtype=torch.float32) for v in d['state']]
bn = torch.nn.BatchNorm1d(6)
with torch.no_grad():
    bn.weight.copy_(p[2]); bn.bias.copy_(p[3]); bn.running_mean.copy_(st[0]); bn.running_var.copy_(st[1])
bn.eval()
x = torch.tensor(d['x'], dtype=torch.float32).reshape(d['n'], 7).requires_grad_(True)
drop = torch.nn.Dropout(0.4).eval()
h = drop(bn(torch.tanh(x @ p[0] + p[1])))
loss = torch.nn.functional.cross_entropy(h @ p[4] + p[5], torch.tensor(d['labels']))
loss.backward()
print(json.dumps(x.grad.flatten().tolist()))
`,
      { params: s.params.map(read), state: s.state.map((t) => Array.from(b.readSync(t))), x: Array.from(s.x), labels: s.labels, n: 5 },
    );
    expect(torch).toHaveLength(grad.length);
    grad.forEach((g, i) => expect(g).toBeCloseTo(torch[i], 6));
  });
});
