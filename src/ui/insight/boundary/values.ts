// What the big plot shows for each source (model output, an input feature, a neuron), and
// the one-line summaries. Pure: the views and the unit tests share them.
import { FEATURE_LABELS } from '../../../spec';
import type { PlaneInfo, ProbeResult } from '../../../worker/protocol';
import type { PlotSource } from '../../store';
import { divergingColour, probabilityColour, symmetricScale, type Rgb } from './colour';

export interface PlotPicture {
  /** Colour of grid cell i. */
  colourAt(i: number): Rgb;
  /** A diverging scale's half-width (for the legend); null for class colours. */
  scale: number | null;
  title: string;
}

export function classCount(plane: PlaneInfo): number {
  return Math.max(2, plane.numClasses);
}

/** A grid of one value per cell for a neuron or input source; null for the model output. */
export function sourceValues(plane: PlaneInfo, probe: ProbeResult | null, source: PlotSource): Float32Array | null {
  const G = plane.size * plane.size;
  if (source.kind === 'input') return plane.inputGrid[source.feature] ?? null;
  if (source.kind === 'neuron') {
    const layer = probe?.layers[source.layer];
    return layer ? layer.nodes.subarray(source.unit * G, (source.unit + 1) * G) : null;
  }
  return null;
}

export function picture(plane: PlaneInfo, probe: ProbeResult, source: PlotSource, discretize: boolean): PlotPicture {
  const values = sourceValues(plane, probe, source);
  if (values) {
    const scale = symmetricScale(values);
    return { colourAt: (i) => divergingColour(values[i], scale, discretize), scale, title: sourceTitle(plane, source) };
  }
  if (plane.task === 'classification') {
    const k = classCount(plane);
    return { colourAt: (i) => probabilityColour(probe.output, i * k, k, discretize), scale: null, title: 'Model output' };
  }
  const scale = symmetricScale(plane.train.y);
  return { colourAt: (i) => divergingColour(probe.output[i], scale, discretize), scale, title: 'Model output' };
}

export function sourceTitle(plane: PlaneInfo, source: PlotSource): string {
  if (source.kind === 'input') return `Input ${FEATURE_LABELS[plane.features[source.feature]]}`;
  if (source.kind === 'neuron') {
    const d = plane.diagram;
    const label = d.drawn ? d.layers[source.layer]?.label : '';
    return `Neuron ${source.unit + 1} of layer ${source.layer + 1}${label ? ` (${label})` : ''}`;
  }
  return 'Model output';
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** "Decision boundary: 64×64 grid at step 400; 93% of training points on the right side." */
export function boundarySummary(plane: PlaneInfo, probe: ProbeResult | null): string {
  const grid = `${plane.size}×${plane.size} grid`;
  if (!probe) return `Decision boundary: ${grid}, waiting for the model's first evaluation.`;
  const fit = probe.trainAccuracy !== undefined
    ? `${percent(probe.trainAccuracy)} of training points on the right side`
    : `training mean squared error ${probe.trainMse!.toPrecision(3)}`;
  return `Decision boundary: ${grid} at step ${probe.step}; ${fit}.`;
}

/** The prediction in one cell, as text: class probabilities (3 decimals) or the value. */
export function predictionText(plane: PlaneInfo, probe: ProbeResult, cell: number, classNames: string[]): string {
  if (plane.task === 'classification') {
    const k = classCount(plane);
    const parts: string[] = [];
    for (let j = 0; j < k; j++) parts.push(`${classNames[j] ?? `class ${j}`} ${probe.output[cell * k + j].toFixed(3)}`);
    return `probabilities: ${parts.join(', ')}`;
  }
  return `predicted value ${probe.output[cell].toPrecision(4)}`;
}
