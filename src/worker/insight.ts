// The worker's side of the "inside the model" views: after each evaluation it turns the
// evaluation's own test outputs into the confusion matrix and a sample of predictions, and
// reads histograms of weights, gradients and activations (plus convolution filters and
// feature maps); on request it classifies a drawn image and runs the learning-rate finder.
// worker.ts only forwards to this module.
import type { Split } from '../data';
import { drawnImageInput } from '../data/normalize';
import type { Experiment } from '../spec';
import type { Inspector } from '../train/inspect';
import type { TestOutputs } from '../train/evaluation';
import { confusionMatrix, histogram, predictedClasses, probabilities } from '../train/insight';
import type { Trainer } from '../train/trainer';
import type { EvalMetrics } from '../train/types';
import type { ClassificationReport, ConvView, ExampleInput, HistogramSnapshot, InsightFromWorker, LayerHistograms, PredictionExample } from './insight-protocol';

/** Examples sent per (true, predicted) cell: enough to fill a filtered grid, bounded per evaluation. */
export const EXAMPLES_PER_CELL = 8;
/** Test samples whose layer outputs make the activation histograms (at most). */
export const ACTIVATION_SAMPLES = 256;
/** Layer output values read back per snapshot (at most): fewer samples for big models. */
export const ACTIVATION_VALUES = 4_000_000;
/** Bins of every histogram. */
export const HISTOGRAM_BINS = 30;

const CONV_TYPES = new Set(['conv2d', 'depthwiseConv2d', 'separableConv2d']);

/** Class probabilities of one sample's model output (the last layer may already apply softmax or sigmoid). */
export function outputProbabilities(experiment: Experiment, out: ArrayLike<number>): number[] {
  const lastActivation = experiment.model.layers.at(-1)?.activation;
  return lastActivation === 'softmax' ? Array.from(out)
    : lastActivation === 'sigmoid' && out.length === 1 ? [1 - out[0], out[0]]
      : probabilities(out);
}

export class InsightReporter {
  /** The test image whose feature maps are shown (the first, until the page picks another). */
  private featureImage = 0;

  constructor(
    private readonly trainer: Trainer,
    private readonly experiment: Experiment,
    private readonly split: Split,
    private readonly post: (m: InsightFromWorker) => void,
  ) {}

  /** Whether the trainer should keep the test outputs of its evaluations. */
  static wantsOutputs(split: Split): boolean {
    return split.test.task === 'classification';
  }

  /** After an evaluation, between two steps (the trainer waits). */
  async onEvaluated(metrics: EvalMetrics, outputs: TestOutputs | null, inspector: Inspector): Promise<void> {
    if (outputs && metrics.testAccuracy !== undefined) {
      this.post({ type: 'classification', report: this.classification(metrics, outputs) });
    }
    this.post({ type: 'histograms', snapshot: await this.histograms(metrics.step, metrics.epoch, inspector) });
  }

  /** The page chose another test image for the feature maps: a fresh snapshot. */
  async chooseFeatureImage(index: number): Promise<void> {
    if (!Number.isInteger(index) || index < 0 || index >= this.split.test.n) return;
    this.featureImage = index;
    const step = this.trainer.stepsDone;
    const snapshot = await this.trainer.inspect((i) => this.histograms(step, Math.ceil(step / this.trainer.stepsPerEpoch), i));
    this.post({ type: 'histograms', snapshot });
  }

  /** Class probabilities of a drawn image (`pixels` 0..1), normalised as the data was. */
  async predict(id: number, pixels: readonly number[]): Promise<void> {
    const { inputShape } = this.split.test;
    const size = inputShape.reduce((a, c) => a * c, 1);
    if (pixels.length !== size) throw new Error(`A drawn image needs ${size} pixels; got ${pixels.length}.`);
    const x = drawnImageInput(pixels, this.split.stats);
    const out = await this.trainer.inspect((i) => i.predict(x, 1));
    const probs = outputProbabilities(this.experiment, out);
    this.post({ type: 'prediction', id, probabilities: probs, classNames: this.classNames(probs.length) });
  }

  /** The learning-rate range test; its points stream to the page. */
  async findLr(): Promise<void> {
    try {
      const result = await this.trainer.findLearningRate({}, (point) => this.post({ type: 'lrFinder', state: 'running', point }));
      this.post({ type: 'lrFinder', state: 'done', result });
    } catch (e) {
      this.post({ type: 'lrFinder', state: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }

  /** The test set's class names (their numbers where it has none). */
  private classNames(classes: number): string[] {
    const names = this.split.test.classNames ?? [];
    return Array.from({ length: classes }, (_, c) => names[c] ?? String(c));
  }

  private input(): ExampleInput {
    const { test } = this.split;
    if (test.inputShape.length === 3) {
      const [height, width, channels] = test.inputShape;
      return { kind: 'image', height, width, channels };
    }
    const n = test.inputShape.reduce((a, c) => a * c, 1);
    return { kind: 'row', featureNames: test.featureNames?.slice(0, n) ?? Array.from({ length: n }, (_, i) => `x${i + 1}`) };
  }

  /** A test sample's values as the user knows them: pixels 0..255, or the row before normalisation. */
  private rawSample(index: number): number[] {
    const { test } = this.split;
    const size = test.inputShape.reduce((a, c) => a * c, 1);
    const { offset, divisor } = this.split.stats;
    const v = test.x.subarray(index * size, (index + 1) * size);
    const image = test.inputShape.length === 3;
    return Array.from(v, (x, f) => {
      const k = offset.length === 1 ? 0 : f;
      const raw = x * divisor[k] + offset[k];
      return image ? Math.max(0, Math.min(255, Math.round(raw))) : raw;
    });
  }

  private classification(metrics: EvalMetrics, outputs: TestOutputs): ClassificationReport {
    const { test } = this.split;
    const classes = Math.max(test.numClasses, outputs.width === 1 ? 2 : outputs.width);
    const predicted = predictedClasses(outputs);
    const labels = test.y as Uint32Array;
    const matrix = confusionMatrix(labels, predicted, classes);
    const perCell = new Map<number, number>();
    const wrong: PredictionExample[] = [];
    const right: PredictionExample[] = [];
    for (let i = 0; i < test.n; i++) {
      const cell = labels[i] * classes + predicted[i];
      const seen = perCell.get(cell) ?? 0;
      if (seen >= EXAMPLES_PER_CELL) continue;
      perCell.set(cell, seen + 1);
      const row = outputs.values.subarray(i * outputs.width, (i + 1) * outputs.width);
      const probs = this.experiment.model.layers.at(-1)?.activation === 'softmax' ? Array.from(row) : probabilities(row);
      const ex = { index: i, label: labels[i], predicted: predicted[i], confidence: probs[predicted[i]] ?? 0, data: this.rawSample(i) };
      (labels[i] === predicted[i] ? right : wrong).push(ex);
    }
    return {
      step: metrics.step,
      epoch: metrics.epoch,
      classNames: this.classNames(classes),
      matrix,
      testSize: test.n,
      testAccuracy: metrics.testAccuracy ?? 0,
      input: this.input(),
      examples: [...wrong, ...right],
    };
  }

  private async histograms(step: number, epoch: number, inspector: Inspector): Promise<HistogramSnapshot> {
    const model = this.trainer.model;
    const params = await inspector.params();
    const perSample = model.summary.layers.reduce((a, l) => a + (l.outputShape ?? []).reduce((x, c) => x * c, 1), 0);
    const samples = Math.max(1, Math.min(ACTIVATION_SAMPLES, inspector.testSize, Math.floor(ACTIVATION_VALUES / Math.max(1, perSample))));
    const outputs = inspector.testSize > 0 ? await inspector.layerOutputs(Array.from({ length: samples }, (_, i) => i)) : [];
    const layers: LayerHistograms[] = model.layers.map((layer, i) => {
      const own = params.filter((p) => p.layer === i);
      const concat = (pick: (p: (typeof own)[number]) => Float32Array) => {
        const all = new Float32Array(own.reduce((a, p) => a + p.values.length, 0));
        let at = 0;
        for (const p of own) { all.set(pick(p), at); at += p.values.length; }
        return all;
      };
      const count = own.reduce((a, p) => a + p.values.length, 0);
      return {
        layer: i,
        label: layer.label,
        parameterCount: count,
        weights: count ? histogram(concat((p) => p.values), HISTOGRAM_BINS) : null,
        gradients: count && step > 0 ? histogram(concat((p) => p.grads), HISTOGRAM_BINS) : null,
        activations: histogram(outputs[i] ?? [], HISTOGRAM_BINS),
      };
    });
    const convLayers = model.layers.filter((l) => CONV_TYPES.has(l.spec.type));
    let conv: ConvView[] = [];
    let featureImage: number | null = null;
    if (convLayers.length && inspector.testSize > 0) {
      featureImage = Math.min(this.featureImage, inspector.testSize - 1);
      const maps = await inspector.layerOutputs([featureImage]);
      conv = convLayers.map((l) => {
        const filter = params.find((p) => p.layer === l.index && p.shape.length === 4);
        return {
          layer: l.index,
          label: l.label,
          filterShape: filter?.shape ?? [],
          filters: filter ? Array.from(filter.values) : [],
          mapShape: model.summary.layers[l.index].outputShape ?? [],
          maps: Array.from(maps[l.index]),
        };
      });
    }
    return { step, epoch, layers, conv, featureImage, featureImagePixels: featureImage === null ? null : this.rawSample(featureImage) };
  }
}
