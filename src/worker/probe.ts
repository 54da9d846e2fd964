// The decision-boundary probe: the model's output over the input plane, evaluated in the
// worker between training steps.
//
// The plane is a GRID_SIZE x GRID_SIZE grid of raw (x1, x2) points over the dataset's range.
// At setup the grid and the raw training points are mapped to model inputs exactly as the
// data pipeline maps samples (normalise with the split's statistics, then `data.features`:
// src/data/features.ts) and uploaded once. Each refresh is then one eager, eval-mode
// forward of all those rows (4,096 grid rows + the training points) at the current weights,
// copying the output, the hidden layers the network diagram shows and the dense weights
// into one flat buffer, and ONE readback. It never touches the compiled step: on the GPU it
// is its own submit, queued between two replays.
import type { Backend, Counters } from '../engine/backend';
import { noGrad } from '../engine/tape';
import { tidy, type Tensor } from '../engine/tensor';
import { forward, type Model } from '../nn/model';
import { modelInputs } from '../data/features';
import type { Split } from '../data/types';
import type { FeatureName, LossName, Task } from '../spec';
import { diagramOf, type Diagram } from './probe-network';

export const GRID_SIZE = 64;
/** The synthetic sets live in [-6, 6]² (TensorFlow Playground's domain); wider data widens it. */
const MIN_EXTENT = 6;

/** What the page needs once per run to draw the plane (sent with `plane`). */
export interface PlaneInfo {
  size: number;
  /** Symmetric range of both axes, in raw input units: [-extent, extent]. */
  extent: number;
  task: Task;
  numClasses: number;
  features: FeatureName[];
  /** Raw points [n * 2] and their labels (classes) or targets. */
  train: { points: Float32Array; y: Float32Array | Uint32Array };
  test: { points: Float32Array; y: Float32Array | Uint32Array };
  /** Each input feature over the grid ([features.length][G]), for the diagram's input nodes. */
  inputGrid: Float32Array[];
  diagram: Diagram;
}

/** One refresh: everything at the weights after `step` steps. */
export interface ProbeResult {
  step: number;
  size: number;
  /** Per grid cell: class probabilities [G * numClasses] (classification) or the value [G] (regression). */
  output: Float32Array;
  /** Classification: the class at each training point (the boundary's side), by the trainer's rule. */
  trainClasses?: Uint32Array;
  /** Share of training points on their label's side (classification) ... */
  trainAccuracy?: number;
  /** ... or the training points' mean squared error (regression). */
  trainMse?: number;
  /** Diagram layers: each neuron's output over the grid ([layer][unit * G]), weights [in * out] and biases. */
  layers: { nodes: Float32Array; weights: Float32Array; biases: Float32Array }[];
  /** This refresh's own work on the backend (left out of the step's counters). */
  work: Counters;
}

/** Row r (top = largest x2), column c (left = smallest x1): cell centres, raw coordinates [G * 2]. */
export function gridPoints(size: number, extent: number): Float32Array {
  const out = new Float32Array(size * size * 2);
  const cell = (2 * extent) / size;
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const i = r * size + c;
      out[2 * i] = -extent + (c + 0.5) * cell;
      out[2 * i + 1] = extent - (r + 0.5) * cell;
    }
  }
  return out;
}

/** The trainer's class rule (countCorrect): one logit -> positive when > 0; else the first largest score. */
export function classOf(out: ArrayLike<number>, row: number, width: number): number {
  if (width === 1) return out[row] > 0 ? 1 : 0;
  let best = 0;
  for (let j = 1; j < width; j++) if (out[row * width + j] > out[row * width + best]) best = j;
  return best;
}

/** Probabilities of one row of scores: sigmoid of one logit as [1 - p, p], else a softmax. */
export function probabilities(out: ArrayLike<number>, row: number, width: number, into: Float32Array, at: number): void {
  if (width === 1) {
    const p = 1 / (1 + Math.exp(-out[row]));
    into[at] = 1 - p;
    into[at + 1] = p;
    return;
  }
  let max = -Infinity;
  for (let j = 0; j < width; j++) max = Math.max(max, out[row * width + j]);
  let sum = 0;
  for (let j = 0; j < width; j++) sum += Math.exp(out[row * width + j] - max);
  for (let j = 0; j < width; j++) into[at + j] = Math.exp(out[row * width + j] - max) / sum;
}

export interface ProbeSource {
  model: Model;
  weights: { params: readonly Tensor[]; state: readonly Tensor[] };
  loss: LossName;
  seed: number;
}

export class BoundaryProbe {
  readonly plane: PlaneInfo;
  private readonly input: Tensor;
  private readonly gridRows: number;
  private readonly trainRows: number;
  private readonly outWidth: number;
  private disposed = false;

  private constructor(private readonly backend: Backend, private readonly source: ProbeSource, split: Split, features: readonly FeatureName[]) {
    const points = split.points!;
    let extent = MIN_EXTENT;
    for (const v of points.train) extent = Math.max(extent, Math.abs(v));
    for (const v of points.test) extent = Math.max(extent, Math.abs(v));
    extent = Math.ceil(extent);
    const size = GRID_SIZE;
    const grid = gridPoints(size, extent);
    const G = size * size;
    const k = features.length;
    const gridInputs = modelInputs(grid, split.stats, features);
    const trainInputs = modelInputs(points.train, split.stats, features);
    this.gridRows = G;
    this.trainRows = split.train.n;
    const all = new Float32Array((G + this.trainRows) * k);
    all.set(gridInputs, 0);
    all.set(trainInputs, G * k);
    this.input = backend.upload(all, [G + this.trainRows, k]);
    const model = source.model;
    this.outWidth = model.outputShape[model.outputShape.length - 1];
    const inputGrid = features.map((_, f) => {
      const v = new Float32Array(G);
      for (let i = 0; i < G; i++) v[i] = gridInputs[i * k + f];
      return v;
    });
    this.plane = {
      size, extent, task: split.train.task, numClasses: split.train.numClasses, features: [...features],
      train: { points: points.train, y: split.train.y },
      test: { points: points.test, y: split.test.y },
      inputGrid,
      diagram: diagramOf(model, features.length),
    };
  }

  /** Null when the data are not 2-D points (no plane to draw). */
  static create(backend: Backend, source: ProbeSource, split: Split, features: readonly FeatureName[]): BoundaryProbe | null {
    if (!split.points || split.train.inputShape.length !== 1) return null;
    return new BoundaryProbe(backend, source, split, features);
  }

  /**
   * One eval-mode forward of the grid and the training points at the current weights, and
   * one readback. `step` labels the result (the caller knows how many steps were taken);
   * `onIssued` hears of the work as soon as it is submitted.
   */
  async run(step: number, onIssued?: (work: Counters) => void): Promise<ProbeResult> {
    if (this.disposed) throw new Error('The boundary probe was disposed.');
    const b = this.backend;
    const before = b.counters();
    const { model, weights, seed } = this.source;
    const rows = this.gridRows + this.trainRows;
    const diagram = this.plane.diagram;
    const groups = diagram.drawn ? diagram.layers : [];
    // Flat layout: output, then per diagram layer its output, its weight and its bias.
    const shapes: number[][] = [[rows, this.outWidth]];
    for (const g of groups) shapes.push([rows, g.units], [g.inputs * g.units], [g.units]);
    const { flat, views, offsets } = b.allocFlat(shapes);
    noGrad(() => tidy(() => {
      const tapAt = new Map(groups.map((g, i) => [g.outputLayer, i]));
      const out = forward(model, this.input, weights.params, weights.state, { training: false, seed, stream: 0 }, (layer, t) => {
        const i = tapAt.get(layer);
        if (i !== undefined) b.copy(t, views[1 + 3 * i]);
      });
      b.copy(out, views[0]);
      groups.forEach((g, i) => {
        b.copy(weights.params[g.weightParam] as Tensor, views[2 + 3 * i]);
        b.copy(weights.params[g.biasParam] as Tensor, views[3 + 3 * i]);
      });
    }));
    const reading = b.read(flat);
    // Counted when issued (the submit and the readback happen now), so a trainer told at once
    // never has them inside one of its rate windows.
    const after = b.counters();
    const work = { dispatches: after.dispatches - before.dispatches, submits: after.submits - before.submits, readbacks: after.readbacks - before.readbacks };
    onIssued?.(work);
    const values = await reading;
    flat.dispose();
    return { step, size: this.plane.size, ...this.summarise(values, offsets[0]), layers: groups.map((g, i) => this.layerOf(values, offsets, i, g.units, g.inputs)), work };
  }

  private summarise(values: ArrayLike<number>, at: number): Pick<ProbeResult, 'output' | 'trainClasses' | 'trainAccuracy' | 'trainMse'> {
    const G = this.gridRows;
    const w = this.outWidth;
    const out = (values as Float32Array).subarray(at, at + (G + this.trainRows) * w);
    const train = this.plane.train;
    if (this.plane.task === 'classification') {
      const k = Math.max(2, w);
      const output = new Float32Array(G * k);
      for (let i = 0; i < G; i++) probabilities(out, i, w, output, i * k);
      const trainClasses = new Uint32Array(this.trainRows);
      let correct = 0;
      for (let i = 0; i < this.trainRows; i++) {
        trainClasses[i] = classOf(out, G + i, w);
        if (trainClasses[i] === train.y[i]) correct++;
      }
      return { output, trainClasses, trainAccuracy: this.trainRows ? correct / this.trainRows : 0 };
    }
    const output = new Float32Array(G);
    for (let i = 0; i < G; i++) output[i] = out[i * w];
    let sq = 0;
    for (let i = 0; i < this.trainRows; i++) sq += (out[(G + i) * w] - train.y[i]) ** 2;
    return { output, trainMse: this.trainRows ? sq / this.trainRows : 0 };
  }

  private layerOf(values: ArrayLike<number>, offsets: number[], i: number, units: number, inputs: number) {
    const G = this.gridRows;
    const v = values as Float32Array;
    const hidden = offsets[1 + 3 * i];
    // Node-major thumbnails: unit u's values over the grid rows (training rows left out).
    const nodes = new Float32Array(units * G);
    for (let r = 0; r < G; r++) for (let u = 0; u < units; u++) nodes[u * G + r] = v[hidden + r * units + u];
    const weights = Float32Array.from(v.subarray(offsets[2 + 3 * i], offsets[2 + 3 * i] + inputs * units));
    const biases = Float32Array.from(v.subarray(offsets[3 + 3 * i], offsets[3 + 3 * i] + units));
    return { nodes, weights, biases };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.input.dispose();
  }
}
