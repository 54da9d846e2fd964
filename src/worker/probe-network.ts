// Which models the network diagram draws, and how its nodes map onto the model's layers.
// As in TensorFlow Playground: a chain of small dense layers (up to MAX_UNITS neurons),
// with activation, dropout and normalisation layers allowed between them. A neuron's
// output (its thumbnail) is taken after those in-between layers, just before the next
// dense layer, so it is what the next layer's weights multiply.
import type { Model } from '../nn/model';

export const MAX_UNITS = 8;
const BETWEEN = new Set(['activation', 'dropout', 'batchNorm', 'layerNorm']);

export interface DiagramLayer {
  /** Index of the dense layer in the model. */
  denseLayer: number;
  /** The layer whose output the neurons show (the dense layer or the last one after it). */
  outputLayer: number;
  inputs: number;
  units: number;
  /** Positions of the dense weight [inputs, units] and bias [units] in the model's params. */
  weightParam: number;
  biasParam: number;
  /** "Dense 4, tanh" */
  label: string;
}

export type Diagram = { drawn: true; layers: DiagramLayer[] } | { drawn: false; reason: string };

export function diagramOf(model: Model, inputCount: number): Diagram {
  if (inputCount > MAX_UNITS) return { drawn: false, reason: `The network is not drawn: it has ${inputCount} inputs; the diagram draws at most ${MAX_UNITS}.` };
  const layers: DiagramLayer[] = [];
  let firstParam = 0;
  let inputs = inputCount;
  for (const layer of model.layers) {
    const spec = layer.spec;
    if (spec.type === 'dense') {
      if (spec.units > MAX_UNITS) {
        return { drawn: false, reason: `The network is not drawn: ${layer.label} has ${spec.units} neurons; the diagram draws dense layers of up to ${MAX_UNITS}.` };
      }
      const activation = spec.activation && spec.activation !== 'linear' ? `, ${spec.activation}` : '';
      layers.push({
        denseLayer: layer.index, outputLayer: layer.index, inputs, units: spec.units,
        weightParam: firstParam, biasParam: firstParam + 1, label: `Dense ${spec.units}${activation}`,
      });
      inputs = spec.units;
    } else if (BETWEEN.has(spec.type)) {
      const last = layers.at(-1);
      if (last) {
        last.outputLayer = layer.index;
        const act = (spec as { activation?: string }).activation;
        if (act && act !== 'linear') last.label += `, ${act}`;
      }
    } else {
      return { drawn: false, reason: `The network is not drawn: the diagram shows dense networks only, and ${layer.label} is not one of dense, activation, dropout or normalisation.` };
    }
    firstParam += layer.params.length;
  }
  if (layers.length === 0) return { drawn: false, reason: 'The network is not drawn: the model has no dense layer.' };
  return { drawn: true, layers };
}

/** Edges of a drawn diagram: one per dense weight. */
export function edgeCount(diagram: Diagram): number {
  return diagram.drawn ? diagram.layers.reduce((n, l) => n + l.inputs * l.units, 0) : 0;
}
