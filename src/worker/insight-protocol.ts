// Messages of the "inside the model" views (classification results, histograms, drawing,
// the learning-rate finder), kept apart from protocol.ts so each view's data is in one place.
import type { Histogram } from '../train/insight';
import type { LrFinderPoint, LrFinderResult } from '../train/lr-finder';

export type { Histogram, LrFinderPoint, LrFinderResult };

/** How a test example is shown: an image (MNIST, Fashion-MNIST) or a row of values. */
export type ExampleInput =
  | { kind: 'image'; height: number; width: number; channels: number }
  | { kind: 'row'; featureNames: string[] };

export interface PredictionExample {
  /** Index in the test set. */
  index: number;
  label: number;
  predicted: number;
  /** The predicted class's probability. */
  confidence: number;
  /** Images: pixels scaled to 0..255 for drawing (row-major HWC); rows: the raw values. */
  data: number[];
}

/** The classification results of one evaluation (same pass as its test accuracy). */
export interface ClassificationReport {
  step: number;
  epoch: number;
  classNames: string[];
  /** counts[true][predicted]; rows are true classes in class order. */
  matrix: number[][];
  testSize: number;
  /** The evaluation's reported test accuracy. */
  testAccuracy: number;
  input: ExampleInput;
  /**
   * Examples with their data: up to EXAMPLES_PER_CELL per (true, predicted) pair, the
   * misclassified first, so a grid filtered by any cell has something to show.
   */
  examples: PredictionExample[];
}

export interface LayerHistograms {
  /** 0-based layer index; "layer 2 (dense)". */
  layer: number;
  label: string;
  /** Every parameter of the layer together (weights and biases): counts sum to its parameter count. */
  weights: Histogram | null;
  parameterCount: number;
  gradients: Histogram | null;
  /** The layer's outputs over a batch of test samples, in evaluation mode. */
  activations: Histogram;
}

/** A convolution layer's filters and its feature maps for one test image. */
export interface ConvView {
  layer: number;
  label: string;
  /** Filters [kh, kw, inChannels, filters] (HWIO). */
  filterShape: number[];
  filters: number[];
  /** Feature maps [h, w, channels] of the chosen test image. */
  mapShape: number[];
  maps: number[];
}

export interface HistogramSnapshot {
  step: number;
  epoch: number;
  layers: LayerHistograms[];
  conv: ConvView[];
  /** The test image whose feature maps are shown (index in the test set), or null without conv layers. */
  featureImage: number | null;
  /** Its pixels (0..255), to show next to the maps. */
  featureImagePixels: number[] | null;
}

export type InsightToWorker =
  /** The learning-rate range test from the current state (restored afterwards). */
  | { type: 'findLr' }
  /** Class probabilities of a drawn image: `pixels` in 0..1, the dataset's height x width (one channel). */
  | { type: 'predict'; id: number; pixels: number[] }
  /** Chooses the test image whose feature maps the histogram view shows (takes a snapshot now). */
  | { type: 'featureImage'; index: number };

export type InsightFromWorker =
  | { type: 'classification'; report: ClassificationReport }
  | { type: 'histograms'; snapshot: HistogramSnapshot }
  | { type: 'lrFinder'; state: 'running'; point: LrFinderPoint }
  | { type: 'lrFinder'; state: 'done'; result: LrFinderResult }
  | { type: 'lrFinder'; state: 'error'; message: string }
  | { type: 'prediction'; id: number; probabilities: number[]; classNames: string[] };
