import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultExperiment } from '../../spec';
import type { FromWorker } from '../../worker/protocol';
import type { RobustAccuracy } from '../../worker/attack-protocol';
import { setRunCommands } from '../commands';
import { createAppStore } from './index';
import { setRunStorage } from './history-slice';
import { FakeStorage } from './fake-storage';
import { makeRecord } from './run-record';
import type { RunSnapshot, StoredRun } from './run-record';
import { curveFor, curveOf, readCurves, withCurve } from './robustness-record';
import { encodeRunFile, readRunFile } from './run-file';

const rows = (attack: 'fgsm' | 'pgd', accuracies: number[], epsilons = [0, 0.1, 0.2]): RobustAccuracy[] =>
  epsilons.map((epsilon, i) => ({ attack, epsilon, cleanAccuracy: accuracies[0], robustAccuracy: accuracies[i] }));
const progress = (n: number) => Array.from({ length: n }, (_, i) => ({
  epoch: 1, step: i + 1, trainLoss: 1 / (i + 1), lr: 0.003, samplesPerSec: 1000, msPerStep: 1, gflops: 1, dispatchesPerStep: 10, submitsPerStep: 1, readbacksPerStep: 0,
}));
const snapshot = (extra: Partial<RunSnapshot> = {}): RunSnapshot => ({
  experiment: defaultExperiment(), progress: progress(20), evals: [{ epoch: 1, step: 20, trainLoss: 0.5, testLoss: 0.4, testAccuracy: 0.9 }],
  events: [], final: null, status: 'finished', params: 418, adapter: 'SwiftShader', startedAt: 1, ...extra,
});
const settle = () => new Promise((r) => setTimeout(r, 0));

let storage: FakeStorage;
beforeEach(() => { storage = new FakeStorage(); setRunStorage(storage); });
afterEach(() => setRunCommands({ train() {}, resume() {}, startNewRun() {}, keepCurrentRun() {}, pause() {}, step() {}, reset() {}, selfTest() {}, loadWeights() {}, weights: async () => null }));

describe('robustness curves in run records', () => {
  it('a record keeps the curves measured at its last step, and has no field when none was', () => {
    const fgsm = curveOf(rows('fgsm', [0.9, 0.5, 0.1]), 20);
    expect(fgsm).toEqual({ method: 'fgsm', epsilons: [0, 0.1, 0.2], accuracies: [0.9, 0.5, 0.1], cleanAccuracy: 0.9, step: 20 });
    const stale = curveOf(rows('pgd', [0.9, 0.4, 0.05]), 12); // the run trained on after it
    const record = makeRecord(snapshot({ measured: [fgsm, stale] }), 1)!;
    expect(record.robustness).toEqual([fgsm]);
    const plain = makeRecord(snapshot(), 1)!;
    expect('robustness' in plain).toBe(false); // old and unmeasured records look the same
    expect(makeRecord(snapshot({ measured: [stale] }), 1)!).not.toHaveProperty('robustness');
  });

  it('one curve per method, the latest; malformed stored values are left out', () => {
    const a = curveOf(rows('fgsm', [0.9, 0.5, 0.1]), 5);
    const b = curveOf(rows('fgsm', [0.8, 0.6, 0.3]), 9);
    const p = curveOf(rows('pgd', [0.9, 0.4, 0.0]), 9);
    expect(withCurve(withCurve([a, p], b), b)).toEqual([p, b]);
    expect(readCurves([a, p])).toEqual([a, p]);
    expect(readCurves(undefined)).toBeUndefined();
    expect(readCurves('nope')).toBeUndefined();
    expect(readCurves([{ ...a, method: 'cw' }, { ...a, accuracies: [0.5] }, { ...a, epsilons: [0, NaN, 1] }, { ...a, cleanAccuracy: 'x' }, null])).toBeUndefined();
    expect(readCurves([{ ...a, step: undefined }])).toEqual([{ ...a, step: 0 }]);
    expect(curveFor({ robustness: [a, p] }, 'pgd')).toEqual(p);
    expect(curveFor({}, 'fgsm')).toBeUndefined();
  });

  it('measuring a stored run keeps the curve in its record, through a reload; old records load as they were', async () => {
    const s = createAppStore();
    const old: StoredRun = makeRecord(snapshot(), 1, 1000)!; // a record from before the field
    storage.runs.set(old.id, structuredClone(old));
    await s.getState().loadHistory();
    // A run finishes: it is stored and is the run in the charts.
    s.setState({ runExperiment: defaultExperiment(), status: 'training' });
    s.getState().applyWorker([
      ...progress(30).map((metrics) => ({ type: 'progress', metrics: { kind: 'progress', ...metrics } }) as FromWorker),
      { type: 'done', final: { final: true, reason: 'completed', steps: 30, epochs: 1, trainLoss: 0.1, testLoss: 0.2, testAccuracy: 0.93, seconds: 1, samplesPerSec: 100 } } as FromWorker,
    ]);
    await settle();
    const id = s.getState().currentRunId!;
    expect(id).toBe(s.getState().runId);
    s.getState().noteRobustness(rows('fgsm', [0.93, 0.6, 0.2]));
    await settle();
    const expected = curveOf(rows('fgsm', [0.93, 0.6, 0.2]), 30);
    expect(storage.runs.get(id)!.robustness).toEqual([expected]);
    s.getState().noteRobustness(rows('pgd', [0.93, 0.5, 0.1]));
    await settle();

    const reloaded = createAppStore();
    await reloaded.getState().loadHistory();
    const back = reloaded.getState().storedRuns;
    expect(back.find((r) => r.id === id)!.robustness).toEqual([expected, curveOf(rows('pgd', [0.93, 0.5, 0.1]), 30)]);
    expect(back.find((r) => r.id === old.id)).toEqual(old);
    expect(curveFor(back.find((r) => r.id === old.id)!, 'fgsm')).toBeUndefined();
  });

  it('a run measured while paused takes its curve into the record made when it is put aside', async () => {
    const s = createAppStore();
    await s.getState().loadHistory();
    s.setState({ runExperiment: defaultExperiment(), status: 'paused', progress: progress(12) });
    s.getState().noteRobustness(rows('fgsm', [0.8, 0.4, 0.1]));
    expect(s.getState().storedRuns).toEqual([]); // not stored yet: it has not ended
    const id = s.getState().runId;
    s.getState().beginRun(); // a new run: the paused one goes to Run history
    await settle();
    expect(storage.runs.get(id)!.robustness).toEqual([curveOf(rows('fgsm', [0.8, 0.4, 0.1]), 12)]);
    expect(s.getState().runId).not.toBe(id);
  });

  it('a run file carries the curves, and drops them when malformed', () => {
    const curve = curveOf(rows('fgsm', [0.9, 0.5, 0.1]), 20);
    const run = makeRecord(snapshot({ measured: [curve] }), 1, 1000)!;
    expect(readRunFile(JSON.parse(encodeRunFile(run, null))).run!.robustness).toEqual([curve]);
    const broken = JSON.parse(encodeRunFile({ ...run, robustness: [{ ...curve, accuracies: 'x' }] as never }, null));
    expect(readRunFile(broken).run).not.toHaveProperty('robustness');
  });
});
