// Gradient health per layer (the article's "watch your gradients"): gradient norm and the
// update-to-weight ratio of one step, flagged when they vanish or explode.
import type { Model } from '../nn/model';
import type { LayerHealth } from './types';

const VANISHING_GRAD = 1e-7;
const EXPLODING_GRAD = 1e3;
const EXPLODING_RATIO = 0.5;

export interface FlatLayout {
  /** Element offset of each parameter in the flat buffers. */
  offsets: number[];
  sizes: number[];
}

export function layerHealth(
  model: Model,
  layout: FlatLayout,
  before: ArrayLike<number>,
  after: ArrayLike<number>,
  grads: ArrayLike<number>,
): LayerHealth[] {
  const perLayer = new Map<number, { g: number; dw: number; w: number }>();
  model.params.forEach((_, i) => {
    const layer = model.paramLayer[i];
    const acc = perLayer.get(layer) ?? { g: 0, dw: 0, w: 0 };
    const off = layout.offsets[i];
    for (let k = off; k < off + layout.sizes[i]; k++) {
      acc.g += grads[k] * grads[k];
      const d = after[k] - before[k];
      acc.dw += d * d;
      acc.w += before[k] * before[k];
    }
    perLayer.set(layer, acc);
  });
  return [...perLayer.entries()].map(([layer, a]) => {
    const gradNorm = Math.sqrt(a.g);
    const updateRatio = Math.sqrt(a.dw) / Math.max(Math.sqrt(a.w), 1e-12);
    const flag: LayerHealth['flag'] =
      !Number.isFinite(gradNorm) || gradNorm > EXPLODING_GRAD || updateRatio > EXPLODING_RATIO
        ? 'exploding'
        : gradNorm < VANISHING_GRAD
          ? 'vanishing'
          : 'ok';
    return { layer: model.layers[layer].label, gradNorm, updateRatio, flag };
  });
}

/** The first layer whose parameters hold a NaN or Inf, or null. */
export function firstNonFiniteLayer(model: Model, layout: FlatLayout, values: ArrayLike<number>): string | null {
  for (let i = 0; i < model.params.length; i++) {
    const off = layout.offsets[i];
    for (let k = off; k < off + layout.sizes[i]; k++) {
      if (!Number.isFinite(values[k])) return model.layers[model.paramLayer[i]].label;
    }
  }
  return null;
}
