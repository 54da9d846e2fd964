// CPU reference kernels: row-wise ops over the last axis (argmax, softmax) and the fused
// losses. Losses are means (docs/conventions.md) and return d(mean)/d(prediction).
import type { LossResult, PointwiseKernels } from '../kernels/pointwise';
import { sameShape } from '../shape';
import type { Tensor } from '../tensor';
import type { CpuCore } from './core';

type LossKernels = Pick<
  PointwiseKernels,
  'argmax' | 'softmax' | 'softmaxGrad' | 'softmaxCrossEntropy' | 'binaryCrossEntropy' | 'meanSquaredError' | 'huber' | 'countCorrect'
>;

/** Rows of the last axis: [rows, width]. */
function rowsOf(x: Tensor): [number, number] {
  const width = x.rank === 0 ? 1 : x.shape[x.rank - 1];
  return [width === 0 ? 0 : x.size / width, width];
}

function firstMaxIndex(v: ArrayLike<number>, start: number, width: number): number {
  let best = 0;
  for (let j = 1; j < width; j++) if (v[start + j] > v[start + best]) best = j;
  return best;
}

export function cpuLoss(core: CpuCore): LossKernels {
  /** Elementwise loss over pred/target of equal shape: mean of `loss`, gradient `dloss / n`. */
  function elementwiseLoss(
    name: string,
    pred: Tensor,
    target: Tensor,
    loss: (p: number, t: number) => number,
    dloss: (p: number, t: number) => number,
  ): LossResult {
    if (!sameShape(pred.shape, target.shape)) {
      throw new Error(`${name}: prediction [${pred.shape.join(', ')}] and target [${target.shape.join(', ')}] must have the same shape.`);
    }
    const p = core.f(pred);
    const t = core.f(target);
    const grad = core.empty(pred.shape);
    const g = core.f(grad);
    const n = p.length;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      sum += loss(p[i], t[i]);
      g[i] = dloss(p[i], t[i]) / n;
    }
    const out = core.empty([1]);
    core.f(out)[0] = sum / n;
    return { loss: out, grad };
  }

  return {
    argmax(x: Tensor): Tensor {
      const [rows, width] = rowsOf(x);
      const out = core.empty(x.shape.slice(0, -1), 'u32');
      const o = core.u(out);
      const v = core.f(x);
      for (let r = 0; r < rows; r++) o[r] = firstMaxIndex(v, r * width, width);
      return out;
    },

    softmax(x: Tensor): Tensor {
      const [rows, width] = rowsOf(x);
      const out = core.empty(x.shape);
      const o = core.f(out);
      const v = core.f(x);
      for (let r = 0; r < rows; r++) {
        const s = r * width;
        let max = -Infinity;
        for (let j = 0; j < width; j++) max = Math.max(max, v[s + j]);
        let sum = 0;
        for (let j = 0; j < width; j++) sum += Math.exp(v[s + j] - max);
        for (let j = 0; j < width; j++) o[s + j] = Math.exp(v[s + j] - max) / sum;
      }
      return out;
    },

    softmaxGrad(y: Tensor, dy: Tensor): Tensor {
      const [rows, width] = rowsOf(y);
      const out = core.empty(y.shape);
      const o = core.f(out);
      const yv = core.f(y);
      const g = core.f(dy);
      for (let r = 0; r < rows; r++) {
        const s = r * width;
        let dot = 0;
        for (let j = 0; j < width; j++) dot += g[s + j] * yv[s + j];
        for (let j = 0; j < width; j++) o[s + j] = yv[s + j] * (g[s + j] - dot);
      }
      return out;
    },

    softmaxCrossEntropy(logits: Tensor, labels: Tensor): LossResult {
      const [rows, width] = rowsOf(logits);
      if (labels.size !== rows) throw new Error(`softmaxCrossEntropy: ${rows} rows of logits but ${labels.size} labels.`);
      const v = core.f(logits);
      const lab = core.data(labels);
      const grad = core.empty(logits.shape);
      const g = core.f(grad);
      let total = 0;
      for (let r = 0; r < rows; r++) {
        const s = r * width;
        const label = lab[r];
        if (!(label >= 0 && label < width && Number.isInteger(label))) {
          throw new Error(`softmaxCrossEntropy: label ${label} in row ${r} is not a class index in [0, ${width}).`);
        }
        let max = -Infinity;
        for (let j = 0; j < width; j++) max = Math.max(max, v[s + j]);
        let sum = 0;
        for (let j = 0; j < width; j++) sum += Math.exp(v[s + j] - max);
        total += Math.log(sum) + max - v[s + label];
        for (let j = 0; j < width; j++) g[s + j] = (Math.exp(v[s + j] - max) / sum - (j === label ? 1 : 0)) / rows;
      }
      const loss = core.empty([1]);
      core.f(loss)[0] = total / Math.max(1, rows);
      return { loss, grad };
    },

    // NOTE: the stable form max(x, 0) - x·t + log(1 + e^-|x|) never overflows.
    binaryCrossEntropy: (logits, targets) =>
      elementwiseLoss(
        'binaryCrossEntropy',
        logits,
        targets,
        (x, t) => Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x))),
        (x, t) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))) - t,
      ),

    meanSquaredError: (pred, target) =>
      elementwiseLoss(
        'meanSquaredError',
        pred,
        target,
        (p, t) => (p - t) * (p - t),
        (p, t) => 2 * (p - t),
      ),

    huber: (pred, target, delta) =>
      elementwiseLoss(
        'huber',
        pred,
        target,
        (p, t) => {
          const d = Math.abs(p - t);
          return d <= delta ? 0.5 * d * d : delta * (d - 0.5 * delta);
        },
        (p, t) => Math.min(Math.max(p - t, -delta), delta),
      ),

    countCorrect(logits: Tensor, labels: Tensor): Tensor {
      const [rows, width] = rowsOf(logits);
      if (labels.size !== rows) throw new Error(`countCorrect: ${rows} rows of logits but ${labels.size} labels.`);
      const v = core.f(logits);
      const lab = core.data(labels);
      let correct = 0;
      for (let r = 0; r < rows; r++) {
        const predicted = width === 1 ? +(v[r] > 0) : firstMaxIndex(v, r * width, width);
        if (predicted === lab[r]) correct++;
      }
      const out = core.empty([1]);
      core.f(out)[0] = correct;
      return out;
    },
  };
}
