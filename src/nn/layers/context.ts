// The BuildContext a layer module's build() receives: its place, its shapes, the engine's
// ops (handed in by src/nn/model.ts) and the parameter and activation helpers every module
// shares, so that parameter names ("layer3.weight") and initialisers follow one rule.
import type { LayerSpec } from '../../spec';
import { initValues } from '../init';
import type { BuildContext, LayerOps } from './types';

export function buildContext(spec: LayerSpec, index: number, inputShape: number[], outputShape: number[], ops: LayerOps): BuildContext {
  const act = spec.activation ?? 'linear';
  const alpha = spec.alpha;
  const name = (p: string) => `layer${index + 1}.${p}`;
  const size = (dims: number[]) => dims.reduce((a, b) => a * b, 1);
  return {
    index,
    inputShape,
    outputShape,
    ops,
    weight: (p, shape, fans) => ({ name: name(p), shape, initial: (rng) => initValues(spec.init ?? 'torchDefault', size(shape), fans, rng) }),
    bias: (p, shape, fans) => ({ name: name(p), shape, initial: (rng) => initValues(spec.init ? 'zeros' : 'torchDefault', size(shape), fans, rng) }),
    constant: (p, shape, value) => ({ name: name(p), shape, initial: () => new Float32Array(size(shape)).fill(value) }),
    // Softmax never fuses: it is its own op after the layer.
    activate: (y, fused) => {
      if (act === 'softmax') return ops.softmax(y);
      return fused || act === 'linear' ? y : ops.activation(y, act, alpha);
    },
    fusable: act === 'softmax' ? undefined : act,
    alpha,
  };
}
