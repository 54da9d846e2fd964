// Test helpers: a model of a few layers run forward and backward on any backend, with
// seeded inputs, parameters and upstream gradient, so two backends (or two runs) can be
// compared value for value.
import type { Backend } from '../engine/backend';
import { Rng } from '../engine/random';
import { backward } from '../engine/tape';
import type { Tensor } from '../engine/tensor';
import { layerSchema, type LayerSpec, type LayerSpecInput } from '../spec';
import { buildModel, forward, type Model } from './model';

export interface ModelRun {
  model: Model;
  x: Tensor;
  y: Tensor;
  /** d(Σ y·upstream) per parameter, in the model's order (null where none flowed). */
  paramGrads: (Tensor | null)[];
  inputGrad: Tensor | null;
}

export const parseLayer = (layer: LayerSpecInput): LayerSpec => layerSchema.parse(layer);

export function runModel(
  b: Backend,
  inputShape: number[],
  layers: LayerSpecInput[],
  options: { batch?: number; seed?: number; training?: boolean } = {},
): ModelRun {
  const batch = options.batch ?? 3;
  const rng = new Rng(options.seed ?? 5);
  const model = buildModel(inputShape, layers.map(parseLayer));
  const params = model.params.map((p) => b.upload(p.initial(rng), p.shape));
  // Scales away from 1 and shifts away from 0, so their gradients are exercised too.
  model.params.forEach((p, i) => {
    if (p.name.endsWith('.gamma') || p.name.endsWith('.beta')) {
      b.write(params[i], Float32Array.from({ length: params[i].size }, () => rng.range(0.5, 1.5) - (p.name.endsWith('.beta') ? 1 : 0)));
    }
  });
  for (const p of params) p.requiresGrad = true;
  const state = model.state.map((s) => b.upload(s.initial(rng), s.shape));
  const size = batch * inputShape.reduce((a, d) => a * d, 1);
  const x = b.upload(Float32Array.from({ length: size }, () => rng.range(-2, 2)), [batch, ...inputShape]);
  x.requiresGrad = true;
  const y = forward(model, x, params, state, { training: options.training ?? true, seed: 11, stream: 3 });
  const upstream = b.upload(Float32Array.from({ length: y.size }, () => rng.range(-1, 1)), y.shape);
  const grads = backward(y, upstream);
  return { model, x, y, paramGrads: params.map((p) => grads.get(p) ?? null), inputGrad: grads.get(x) ?? null };
}
