// The worker's insight reporter against a real CPU trainer (no worker scope needed).
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../engine/cpu/backend';
import type { Dataset, Split } from '../data/types';
import { parseExperiment, type ExperimentInput } from '../spec';
import { Trainer } from '../train/trainer';
import { InsightReporter } from './insight';
import type { InsightFromWorker } from './insight-protocol';

/** 12 random 6x6 grey images of 3 classes, the same set for training and test. */
function tinyImages(): Split {
  const n = 12;
  const x = new Float32Array(n * 36);
  for (let i = 0; i < x.length; i++) x[i] = ((i * 7919) % 256) / 255;
  const ds: Dataset = { task: 'classification', inputShape: [6, 6, 1], numClasses: 3, x, y: Uint32Array.from({ length: n }, (_, i) => i % 3), n, classNames: ['a', 'b', 'c'] };
  return { train: ds, test: ds, stats: { method: 'scale', offset: [0], divisor: [255] } };
}

async function reporterRun(layers: ExperimentInput['model']['layers']) {
  const parsed = parseExperiment({
    version: 1, seed: 3, data: { dataset: 'mnist', trainFraction: 0.5, normalize: 'scale' }, model: { layers },
    loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 0.1 }, training: { batchSize: 4, epochs: 1 }, backend: 'cpu',
  });
  const experiment = parsed.experiment!;
  const split = tinyImages();
  const messages: InsightFromWorker[] = [];
  const holder: { r: InsightReporter | null } = { r: null };
  const trainer = await Trainer.create(experiment, {
    backend: createCpuBackend('f32'), split, onEvent: () => {}, keepTestOutputs: true,
    onEvaluated: (m, o, i) => holder.r?.onEvaluated(m, o, i),
  });
  holder.r = new InsightReporter(trainer, experiment, split, (m) => messages.push(m));
  await trainer.run();
  return { trainer, reporter: holder.r, messages, split };
}

describe('InsightReporter', () => {
  it('reports the matrix, examples and histograms whose weight counts equal each layer\'s parameters', async () => {
    const { trainer, messages, split } = await reporterRun([
      { type: 'conv2d', filters: 2, kernelSize: 3, activation: 'relu' }, { type: 'flatten' }, { type: 'dense', units: 3 },
    ]);
    const report = messages.find((m) => m.type === 'classification')!;
    if (report.type !== 'classification') throw new Error('no report');
    const r = report.report;
    expect(r.matrix.flat().reduce((a, c) => a + c, 0)).toBe(split.test.n);
    expect(r.matrix.reduce((a, row, t) => a + row[t], 0) / r.testSize).toBe(r.testAccuracy);
    expect(r.classNames).toEqual(['a', 'b', 'c']);
    expect(r.input).toEqual({ kind: 'image', height: 6, width: 6, channels: 1 });
    // Misclassified first; image data back in 0..255.
    const firstRight = r.examples.findIndex((e) => e.label === e.predicted);
    expect(r.examples.slice(firstRight).every((e) => e.label === e.predicted)).toBe(true);
    expect(r.examples[0].data).toHaveLength(36);
    expect(r.examples.every((e) => e.data.every((v) => v >= 0 && v <= 255))).toBe(true);

    const snap = messages.find((m) => m.type === 'histograms')!;
    if (snap.type !== 'histograms') throw new Error('no histograms');
    const { layers, conv } = snap.snapshot;
    const summary = trainer.summary.layers;
    layers.forEach((l, i) => {
      expect(l.parameterCount).toBe(summary[i].params);
      if (l.weights) expect(l.weights.counts.reduce((a, c) => a + c, 0) + l.weights.nonFinite).toBe(summary[i].params);
      expect(l.activations.counts.reduce((a, c) => a + c, 0)).toBe((summary[i].outputShape ?? []).reduce((a, c) => a * c, 1) * split.test.n);
    });
    expect(layers[0].weights!.counts.reduce((a, c) => a + c, 0)).toBe(3 * 3 * 1 * 2 + 2);
    expect(layers[1].weights).toBeNull();
    expect(conv).toHaveLength(1);
    expect(conv[0].filterShape).toEqual([3, 3, 1, 2]);
    expect(conv[0].mapShape).toEqual([4, 4, 2]);
    expect(conv[0].maps).toHaveLength(32);
    trainer.dispose();
  });

  it('takes a snapshot of the initial weights when the page picks a test image before training', async () => {
    const parsed = parseExperiment({
      version: 1, seed: 3, data: { dataset: 'mnist', trainFraction: 0.5, normalize: 'scale' },
      model: { layers: [{ type: 'conv2d', filters: 2, kernelSize: 3 }, { type: 'flatten' }, { type: 'dense', units: 3 }] },
      loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 0.1 }, training: { batchSize: 4, epochs: 1 }, backend: 'cpu',
    });
    const split = tinyImages();
    const trainer = await Trainer.create(parsed.experiment!, { backend: createCpuBackend('f32'), split, onEvent: () => {} });
    const messages: InsightFromWorker[] = [];
    const reporter = new InsightReporter(trainer, parsed.experiment!, split, (m) => messages.push(m));
    await reporter.chooseFeatureImage(5);
    const snap = messages.find((m) => m.type === 'histograms');
    if (snap?.type !== 'histograms') throw new Error('no snapshot');
    expect(snap.snapshot).toMatchObject({ step: 0, featureImage: 5 });
    expect(snap.snapshot.layers[0].weights!.counts.reduce((a, c) => a + c, 0)).toBe(20);
    expect(snap.snapshot.layers[0].gradients).toBeNull();
    await reporter.chooseFeatureImage(99); // outside the test set: ignored
    expect(messages.filter((m) => m.type === 'histograms')).toHaveLength(1);
    trainer.dispose();
  });

  it('classifies a drawn image, normalised as the data, with probabilities summing to 1', async () => {
    const { trainer, reporter, messages } = await reporterRun([{ type: 'flatten' }, { type: 'dense', units: 3 }]);
    const pixels = Array.from({ length: 36 }, (_, i) => (i % 5) / 4);
    await reporter!.predict(7, pixels);
    const p = messages.find((m) => m.type === 'prediction');
    if (p?.type !== 'prediction') throw new Error('no prediction');
    expect(p.id).toBe(7);
    expect(p.probabilities).toHaveLength(3);
    expect(p.probabilities.reduce((a, c) => a + c, 0)).toBeCloseTo(1, 6);
    // The same as the model on the normalised pixels (scale: raw 0..255 / 255 = the drawn value).
    const direct = await trainer.inspect((i) => i.predict(pixels, 1));
    const e = Array.from(direct, (v) => Math.exp(v - Math.max(...direct)));
    const sum = e.reduce((a, c) => a + c, 0);
    e.forEach((v, k) => expect(p.probabilities[k]).toBeCloseTo(v / sum, 6));
    await expect(reporter!.predict(8, [1, 2])).rejects.toThrow(/36 pixels/);
    trainer.dispose();
  });
});
