import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../../spec';
import { encodeRunFile, isRunFile, metricsCsv, metricsJson, readRunFile, runFileName } from './run-file';
import { makeRecord } from './run-record';
import type { RunWeights } from './run-record';

const run = makeRecord({
  experiment: defaultExperiment(),
  progress: [1, 2, 3].map((step) => ({ epoch: 1, step, trainLoss: 1 / step, lr: 0.003, samplesPerSec: 900, msPerStep: 2, gflops: 1, dispatchesPerStep: 9, submitsPerStep: 1, readbacksPerStep: 0 })),
  evals: [{ epoch: 1, step: 3, trainLoss: 0.4, testLoss: 0.35, testAccuracy: 0.9, trainAccuracy: 0.92 }],
  events: [{ step: 0, text: 'Training started' }, { step: 3, text: 'Finished (all epochs)' }],
  final: null, status: 'finished', params: 418, adapter: 'SwiftShader', startedAt: 5,
}, 4, 1000)!;
const weights: RunWeights = [
  { name: 'layer1.weight', shape: [2, 3], data: Float32Array.from([0.1, -2.5, 3e-8, -0, 65504, Math.PI]) },
  { name: 'layer1.bias', shape: [3], data: Float32Array.from([1, 2, 3]) },
  { name: 'empty', shape: [0], data: new Float32Array(0) },
];

describe('the run file', () => {
  it('round-trips experiment, history entry and weights bit for bit', () => {
    const value: unknown = JSON.parse(encodeRunFile({ ...run, hasWeights: true }, weights));
    expect(isRunFile(value)).toBe(true);
    expect(isRunFile(defaultExperiment())).toBe(false);
    const opened = readRunFile(value);
    expect(opened.errors).toEqual([]);
    expect(opened.experiment).toEqual(run.experiment);
    expect(opened.run).toEqual({ ...run, hasWeights: false }); // true again once its weights are stored here
    expect(opened.weights!.map((w) => [w.name, w.shape])).toEqual(weights.map((w) => [w.name, w.shape]));
    opened.weights!.forEach((w, i) => expect(new Uint8Array(w.data.buffer)).toEqual(new Uint8Array(weights[i].data.buffer)));
    expect(readRunFile(JSON.parse(encodeRunFile(run, null))).weights).toBeNull();
  });

  it('rejects an invalid experiment, and opens without weights that do not fit their shape', () => {
    const value = JSON.parse(encodeRunFile(run, weights));
    const broken = readRunFile({ ...value, experiment: { ...value.experiment, loss: 'nope' } });
    expect(broken.experiment).toBeNull();
    expect(broken.errors.map((e) => e.path)).toContain('loss');
    const misfit = readRunFile({ ...value, weights: [{ ...value.weights[0], shape: [5, 5] }] });
    expect(misfit.weights).toBeNull();
    expect(misfit.warnings[0].message).toMatch(/6 values for shape \[5, 5\]/);
    expect(readRunFile({ ...value, playgroundRun: 2 }).errors[0].path).toBe('playgroundRun');
    // Odd values in the entry are dropped field by field, never passed on.
    const odd = readRunFile({ ...value, run: { ...value.run, name: { html: '<b>' }, status: 'exploded', metrics: { progress: [{ step: 'x' }, { step: 1, trainLoss: 'a', lr: 1 }] } } });
    expect(odd.run).toMatchObject({ name: 'Run 4', status: 'stopped', metrics: { progress: [{ step: 1, lr: 1 }], evals: [] } });
  });

  it('writes the metrics as CSV (one row per point, by step) and as JSON', () => {
    const lines = metricsCsv(run).trim().split('\n');
    expect(lines[0]).toBe('kind,step,epoch,trainLoss,testLoss,testAccuracy,trainAccuracy,testMse,lr,samplesPerSec,msPerStep');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe('progress,1,1,1,,,,,0.003,900,2');
    expect(lines[4]).toBe('eval,3,1,0.4,0.35,0.9,0.92,,,,');
    const json = JSON.parse(metricsJson(run));
    expect(json).toMatchObject({ name: run.name, status: 'finished', progress: run.metrics.progress, evals: run.metrics.evals });
    expect(runFileName({ ...run, name: 'Run 4 · adam lr 0.003 · spiral' }, '.run.json')).toBe('run-4-adam-lr-0-003-spiral.run.json');
  });
});
