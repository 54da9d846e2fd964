import { describe, expect, it } from 'vitest';
import { findPreset } from '../experiment';
import { inferShapes } from '../nn/shapes';
import { describeLayer, finalText, jsonFinalLine, jsonProgressLine, si, summaryTable } from './format';
import { ProgressView } from './progress';

describe('format', () => {
  it('writes SI numbers', () => {
    expect([si(12), si(1234), si(5.6e9), si(0.5)]).toEqual(['12', '1.23k', '5.60G', '0.500']);
  });

  it('tables the model: layer, output shape, params, FLOPs and totals', () => {
    const e = findPreset('mnist-cnn')!.experiment;
    const table = summaryTable(inferShapes([28, 28, 1], e.model.layers), e.model.layers, [28, 28, 1]);
    expect(table).toMatch(/input\s+\[28, 28, 1\]/);
    expect(table).toMatch(/1\s+conv2d 8 5x5 valid, relu\s+\[24, 24, 8\]\s+208\s+230k/);
    expect(table).toMatch(/total\s+\S+/);
    expect(describeLayer({ type: 'dropout', rate: 0.4 })).toBe('dropout 0.4');
  });

  it('writes --json lines with the contract fields', () => {
    const last = { lr: 0.01, samplesPerSec: 1000 };
    const progress = JSON.parse(jsonProgressLine({
      kind: 'progress', epoch: 1, step: 10, trainLoss: 0.5, lr: 0.01, samplesPerSec: 1000, msPerStep: 1, gflops: 0,
      dispatchesPerStep: 0, submitsPerStep: 0, readbacksPerStep: 0,
    }, last));
    expect(progress).toEqual({ kind: 'progress', epoch: 1, step: 10, trainLoss: 0.5, lr: 0.01, samplesPerSec: 1000 });
    const evaluation = JSON.parse(jsonProgressLine({ kind: 'eval', epoch: 1, step: 10, trainLoss: 0.5, testLoss: 0.6, testMse: 0.2, layers: [] }, last));
    expect(evaluation).toMatchObject({ step: 10, lr: 0.01, samplesPerSec: 1000, testLoss: 0.6, testMse: 0.2 });
    expect(evaluation).not.toHaveProperty('testAccuracy');
    const final = { final: true as const, epochs: 2, steps: 20, trainLoss: 0.4, testLoss: 0.5, testAccuracy: 0.9, samplesPerSec: 1e4, reason: 'completed' as const, seconds: 1.5 };
    expect(jsonFinalLine(final).startsWith('{"final":true,')).toBe(true);
    expect(finalText(final)).toMatch(/2 epochs, 20 steps in 1\.5 s; train loss 0\.4000, test loss 0\.5000, test accuracy 90\.0%; 10\.0k samples\/s/);
  });

  it('draws one line in place on a terminal and plain lines elsewhere', () => {
    let t = 0;
    const tty = { text: '', isTTY: true, columns: 200, write(s: string) { this.text += s; } };
    const view = new ProgressView(tty, { epochs: 2, totalSteps: 20 }, () => t);
    const progress = (step: number) => ({ kind: 'progress' as const, epoch: 1, step, trainLoss: 0.5, lr: 0.1, samplesPerSec: 500, msPerStep: 1, gflops: 0, dispatchesPerStep: 0, submitsPerStep: 0, readbacksPerStep: 0 });
    view.onEvent(progress(5));
    t += 10;
    view.onEvent(progress(6)); // throttled
    view.onEvent({ kind: 'eval', epoch: 1, step: 10, trainLoss: 0.5, testLoss: 0.4, testAccuracy: 0.75, layers: [] });
    view.finish();
    expect(tty.text.split('\r\x1b[2K')).toHaveLength(3);
    expect(tty.text).toContain('epoch 1/2  [##########----------]   50%  loss 0.5000  test acc 75.0%  500 samples/s');
    expect(tty.text.endsWith('\n')).toBe(true);

    const log = { text: '', write(s: string) { this.text += s; } };
    const plain = new ProgressView(log, { epochs: 2, totalSteps: 20 }, () => t);
    plain.onEvent(progress(5));
    plain.onEvent(progress(6));
    plain.onEvent({ kind: 'eval', epoch: 1, step: 10, trainLoss: 0.5, testLoss: 0.4, testAccuracy: 0.75, layers: [] });
    expect(log.text.trimEnd().split('\n')).toHaveLength(2);
    expect(log.text).not.toContain('\r');
  });
});
