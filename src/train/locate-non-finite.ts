// Where did the first non-finite value of a step appear? The step guard only says *which*
// step (kernels/guard.ts); this re-runs that step eagerly (no plan) from the kept weights
// (the last good ones: the guard made every flagged step change nothing) on exactly its
// batch, random stream and dropout masks, one layer at a time, and reads every output and
// gradient. The answer: the first layer whose output went non-finite (forward order), else
// the loss, else the first layer, from the output backwards, whose gradient did.
import type { Backend } from '../engine/backend';
import { backward } from '../engine/tape';
import { tidy, type Tensor } from '../engine/tensor';
import { lossOf } from '../nn/losses';
import type { TrainingStep, StepParts } from './step';
import type { LiveHyper } from './types';

export interface NonFiniteSite {
  /** "layer 2 (dense)", or "loss". */
  layer: string;
  /**
   * output: that layer's forward output; loss: the loss value (or its gradient); gradient:
   * that layer's gradients (its parameters' or its input's); gradientNorm: no single value
   * was non-finite, but the sum of squares the guard checks overflowed float32: that
   * layer's own (the first from the output), or else only the total (`layer` then has the
   * largest gradients).
   */
  part: 'output' | 'loss' | 'gradient' | 'gradientNorm';
  /** The step's loss. */
  loss: number;
}

type Values = Float32Array | Float64Array | Uint32Array;

/** The largest finite float32: a sum of squares above it is Inf on the device. */
const F32_MAX = 3.4028234663852886e38;

/** A fresh leaf sharing x's storage: a layer's input, so its backward can run alone. */
function leaf(b: Backend, x: Tensor): Tensor {
  const v = b.view(x, 0, x.shape);
  v.requiresGrad = true;
  return v;
}

/** Re-runs optimizer step `index` (0-based) eagerly and locates its first non-finite value. */
export async function locateNonFinite(parts: StepParts, step: TrainingStep, index: number, hyper: Required<LiveHyper>): Promise<NonFiniteSite> {
  const { backend: b, model, state, experiment: exp } = parts;
  step.prepare(index, hyper);
  step.keepRunning(); // this forward pass updates running statistics: put them back after
  const layers = model.layers;
  const run = tidy(() => {
    const batch = step.gatherBatch();
    const ctx = step.forwardContext();
    const inputs: Tensor[] = [];
    const outputs: Tensor[] = [];
    const layerParams: Tensor[][] = [];
    let h = batch.x;
    let p = 0;
    let s = 0;
    for (const layer of layers) {
      const x = inputs.length === 0 ? h : leaf(b, h); // the batch itself needs no gradient
      const lp = state.params.slice(p, (p += layer.params.length));
      const ls = state.running.slice(s, (s += layer.state.length));
      h = layer.forward(x, lp, ls, ctx);
      inputs.push(x);
      layerParams.push(lp);
      outputs.push(h);
    }
    const out = leaf(b, h);
    const loss = lossOf(exp.loss, out, batch.target, exp.huberDelta);
    const lossGrad = backward(loss).get(out)!;
    // Each layer's backward alone, from the output, seeded with its output's gradient.
    const grads: Tensor[][] = [];
    let g = lossGrad;
    for (let l = layers.length - 1; l >= 0; l--) {
      const got = backward(outputs[l], g);
      const inputGrad = l > 0 ? got.get(inputs[l]) : undefined;
      grads[l] = [...layerParams[l].map((t) => got.get(t)).filter((t): t is Tensor => !!t), ...(inputGrad ? [inputGrad] : [])];
      if (inputGrad) g = inputGrad;
    }
    return { outputs, loss, lossGrad, grads };
  });
  try {
    const read = (t: Tensor) => b.read(t);
    const lossValue = (await read(run.loss))[0];
    for (let l = 0; l < layers.length; l++) {
      if (!allFinite(await read(run.outputs[l]))) return { layer: layers[l].label, part: 'output', loss: lossValue };
    }
    if (!Number.isFinite(lossValue) || !allFinite(await read(run.lossGrad))) return { layer: 'loss', part: 'loss', loss: lossValue };
    let largest = { layer: layers[layers.length - 1].label, sumSq: -1 };
    for (let l = layers.length - 1; l >= 0; l--) {
      const values = await Promise.all(run.grads[l].map(read));
      if (!values.every(allFinite)) return { layer: layers[l].label, part: 'gradient', loss: lossValue };
      const sumSq = values.reduce((acc, v) => acc + sumOfSquares(v), 0);
      if (sumSq > F32_MAX) return { layer: layers[l].label, part: 'gradientNorm', loss: lossValue };
      if (sumSq > largest.sumSq) largest = { layer: layers[l].label, sumSq };
    }
    return { layer: largest.layer, part: 'gradientNorm', loss: lossValue };
  } finally {
    for (const t of [...run.outputs, run.loss, run.lossGrad, ...run.grads.flat()]) t.dispose();
    step.restoreRunning();
  }
}

function allFinite(v: Values): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

function sumOfSquares(v: Values): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return s;
}
