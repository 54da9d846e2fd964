// The usual remedies for vanishing or exploding gradients, each as an edit of the
// experiment that one click applies (pure, unit-tested).
import type { Experiment, LayerSpec } from '../../../spec';
import type { LayerHealth } from '../../../train/types';

export interface Remedy {
  id: 'relu' | 'batchNorm' | 'heInit' | 'lowerLr' | 'clip';
  /** The button's text. */
  label: string;
  /** Why it helps, in a sentence. */
  why: string;
  apply(e: Experiment): Experiment;
}

/** "layer 3 (dense)" -> 2 (0-based), or null. */
export function layerIndexOf(label: string): number | null {
  const m = /^layer (\d+) /.exec(label);
  return m ? Number(m[1]) - 1 : null;
}

const SATURATING = new Set(['sigmoid', 'tanh', 'softplus']);
const HAS_WEIGHTS = new Set(['dense', 'conv2d', 'depthwiseConv2d', 'separableConv2d']);
const NORMS = new Set(['batchNorm', 'layerNorm', 'groupNorm']);

function withLayers(e: Experiment, layers: LayerSpec[]): Experiment {
  return { ...e, model: { ...e.model, layers } };
}

/** Remedies for the flagged layers of the latest health report (none when all are ok). */
export function remediesFor(e: Experiment, health: readonly LayerHealth[]): Remedy[] {
  const vanishing = health.some((h) => h.flag === 'vanishing');
  const exploding = health.some((h) => h.flag === 'exploding');
  if (!vanishing && !exploding) return [];
  const layers = e.model.layers;
  const last = layers.length - 1;
  const out: Remedy[] = [];
  const saturating = layers.map((l, i) => i !== last && l.activation !== undefined && SATURATING.has(l.activation));
  if (vanishing && saturating.some(Boolean)) {
    out.push({
      id: 'relu', label: 'Switch sigmoid/tanh to ReLU',
      why: 'Saturating activations multiply the gradient by less than 1/4 per layer; ReLU passes it through where active.',
      apply: (x) => withLayers(x, x.model.layers.map((l, i) => (saturating[i] ? ({ ...l, activation: 'relu' } as LayerSpec) : l))),
    });
  }
  const firstHidden = layers.findIndex((l, i) => i !== last && HAS_WEIGHTS.has(l.type));
  if (firstHidden >= 0 && !layers.some((l) => NORMS.has(l.type))) {
    out.push({
      id: 'batchNorm', label: `Add batch norm after layer ${firstHidden + 1}`,
      why: 'Normalising the activations keeps their scale, and the gradients\', steady through the layers.',
      apply: (x) => withLayers(x, [...x.model.layers.slice(0, firstHidden + 1), { type: 'batchNorm' } as LayerSpec, ...x.model.layers.slice(firstHidden + 1)]),
    });
  }
  if (vanishing && layers.some((l) => HAS_WEIGHTS.has(l.type) && l.init !== 'heNormal')) {
    out.push({
      id: 'heInit', label: 'Use He initialisation',
      why: 'He initialisation scales the initial weights so that ReLU layers keep the variance of their signal.',
      apply: (x) => withLayers(x, x.model.layers.map((l) => (HAS_WEIGHTS.has(l.type) ? ({ ...l, init: 'heNormal' } as LayerSpec) : l))),
    });
  }
  if (exploding) {
    out.push({
      id: 'lowerLr', label: 'Lower the learning rate 10×',
      why: 'Updates larger than the weights themselves overshoot; a smaller step keeps them in proportion.',
      apply: (x) => ({ ...x, optimizer: { ...x.optimizer, lr: Number((x.optimizer.lr / 10).toPrecision(3)) } }),
    });
    if (e.training.clipGradNorm !== 1) {
      out.push({
        id: 'clip', label: 'Clip gradients (clipGradNorm 1)',
        why: 'Clipping the global gradient norm to 1 bounds every step, however steep the loss gets.',
        apply: (x) => ({ ...x, training: { ...x.training, clipGradNorm: 1 } }),
      });
    }
  }
  return out;
}
