import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultExperiment } from '../../spec';
import type { Experiment } from '../../spec';
import type { FromWorker } from '../../worker/protocol';
import { setRunCommands } from '../commands';
import type { RunCommands } from '../commands';
import { createAppStore } from './index';
import { setRunStorage } from './history-slice';
import { FakeStorage } from './fake-storage';
import { makeRecord, STORED_POINTS, thinTo } from './run-record';
import type { RunWeights, StoredRun } from './run-record';
import type { EvalPoint, ProgressPoint } from './run-slice';

const base = defaultExperiment();
const withLr = (lr: number): Experiment => ({ ...base, optimizer: { ...base.optimizer, lr } as Experiment['optimizer'] });
const progress = (n: number): ProgressPoint[] => Array.from({ length: n }, (_, i) => ({
  epoch: 1, step: i + 1, trainLoss: 1 / (i + 1), lr: 0.003, samplesPerSec: 1000, msPerStep: 1, gflops: 1, dispatchesPerStep: 10, submitsPerStep: 1, readbacksPerStep: 0,
}));
const evals = (n: number): EvalPoint[] => Array.from({ length: n }, (_, i) => ({ epoch: i + 1, step: (i + 1) * 10, trainLoss: 0.6, testLoss: 0.5 - i / 100, testAccuracy: 0.8 + i / 100 }));

let clock = 1_000_000;
function record(lr: number, number: number, points = 20): StoredRun {
  clock += 1000;
  return makeRecord({
    experiment: withLr(lr), progress: progress(points), evals: evals(2), events: [{ step: 0, text: 'Training started' }],
    final: null, status: 'finished', params: 418, adapter: 'SwiftShader', startedAt: clock - 500,
  }, number, clock)!;
}
const weights = (v: number): RunWeights => [{ name: 'layer1.weight', shape: [2, 3], data: Float32Array.from([v, 1, 2, 3, 4, 5]) }];
const settle = () => new Promise((r) => setTimeout(r, 0));

let storage: FakeStorage;
beforeEach(() => { storage = new FakeStorage(); setRunStorage(storage); });
afterEach(() => setRunCommands({ train() {}, resume() {}, startNewRun() {}, keepCurrentRun() {}, pause() {}, step() {}, reset() {}, selfTest() {}, loadWeights() {}, weights: async () => null }));

describe('stored runs', () => {
  it('thins every series to at most 2,000 points, keeping the first and the last', () => {
    const many = progress(10_001);
    const thin = thinTo(many);
    expect(thin).toHaveLength(STORED_POINTS);
    expect(thin[0]).toBe(many[0]);
    expect(thin.at(-1)).toBe(many.at(-1));
    expect(new Set(thin).size).toBe(STORED_POINTS); // no point twice
    expect(thinTo(many.slice(0, 5))).toEqual(many.slice(0, 5));
    const r = record(0.01, 1, 9000);
    expect(r.metrics.progress.length).toBeLessThanOrEqual(STORED_POINTS);
    expect(r.final).toMatchObject({ steps: 9000, testLoss: 0.49, testAccuracy: 0.81 });
    expect(r.name).toBe('Run 1 · adam lr 0.01 · spiral'.replace('adam', base.optimizer.type).replace('spiral', base.data.dataset));
    expect(makeRecord({ experiment: base, progress: [], evals: [], events: [], final: null, status: 'stopped', params: null, adapter: null, startedAt: null }, 1)).toBeNull();
  });

  it('adds (newest first, numbered), renames, and survives a reload', async () => {
    const s = createAppStore();
    await s.getState().loadHistory();
    const a = record(0.01, 1);
    await s.getState().recordRun(a, Promise.resolve(weights(7)));
    const b = record(0.02, 2);
    await s.getState().recordRun(b);
    expect(s.getState().storedRuns.map((r) => r.id)).toEqual([b.id, a.id]);
    expect(s.getState().storedRuns[1].hasWeights).toBe(true);
    await s.getState().renameRun(a.id, '  wide lr  ');
    expect(s.getState().storedRuns[1].name).toBe('wide lr');
    await s.getState().renameRun(a.id, '   '); // an empty name is not a name
    expect(s.getState().storedRuns[1].name).toBe('wide lr');

    const reloaded = createAppStore();
    await reloaded.getState().loadHistory();
    expect(reloaded.getState().storedRuns.map((r) => [r.id, r.name, r.hasWeights])).toEqual([[b.id, b.name, false], [a.id, 'wide lr', true]]);
    expect(reloaded.getState().compareIds).toEqual([]); // compared in the session that made them, not after a reload
    expect((await reloaded.getState().runWeights(a.id))![0].data[0]).toBe(7);
  });

  it('deletes, and Undo puts the run back where it was, weights included', async () => {
    const s = createAppStore();
    const runs = [record(0.01, 1), record(0.02, 2), record(0.03, 3)];
    for (const r of runs) await s.getState().recordRun(r, Promise.resolve(weights(r.number)));
    const middle = runs[1];
    await s.getState().deleteRun(middle.id);
    expect(s.getState().storedRuns.map((r) => r.number)).toEqual([3, 1]);
    expect(s.getState().compareIds).not.toContain(middle.id);
    expect(storage.runs.has(middle.id)).toBe(false);
    expect(storage.weights.has(middle.id)).toBe(false);
    expect(s.getState().deleted?.run.id).toBe(middle.id);
    await s.getState().undoDelete();
    expect(s.getState().storedRuns.map((r) => r.number)).toEqual([3, 2, 1]);
    expect(storage.runs.get(middle.id)?.name).toBe(middle.name);
    expect(storage.weights.get(middle.id)![0].data[0]).toBe(2);
    expect(s.getState().deleted).toBeNull();
    await s.getState().undoDelete(); // nothing to undo
    expect(s.getState().storedRuns).toHaveLength(3);
  });

  it('counts writes still under way, and a deletion reaches storage without waiting for the weights read', async () => {
    const s = createAppStore();
    const run = record(0.01, 1);
    let sendWeights!: (w: RunWeights) => void;
    const recording = s.getState().recordRun(run, new Promise((r) => { sendWeights = r; }));
    expect(s.getState().pendingWrites).toBe(1); // until the worker's weights are stored too
    await settle();
    expect(s.getState().pendingWrites).toBe(1);
    sendWeights(weights(1));
    await recording;
    expect(s.getState().pendingWrites).toBe(0);
    expect(storage.runs.get(run.id)?.hasWeights).toBe(true);

    // A slow weights read (a busy disk): the record must be gone from storage at once, since
    // a reload right after the click would otherwise bring the run back.
    let release!: () => void;
    const slow = new Promise<void>((r) => { release = r; });
    const read = storage.getWeights.bind(storage);
    storage.getWeights = async (id) => { const w = await read(id); await slow; return w; };
    const deleting = s.getState().deleteRun(run.id);
    expect(s.getState().pendingWrites).toBe(1);
    await settle();
    expect(storage.runs.has(run.id)).toBe(false);
    release();
    await deleting;
    expect(s.getState().pendingWrites).toBe(0);
    expect(s.getState().deleted?.weights?.[0].data[0]).toBe(1); // Undo still has the weights
  });

  it('says when storage is full, keeps the run in memory, and offers the oldest runs for deletion', async () => {
    const s = createAppStore();
    storage.capacity = 2;
    const runs = [record(0.01, 1), record(0.02, 2), record(0.03, 3)];
    for (const r of runs) await s.getState().recordRun(r);
    expect(s.getState().storedRuns).toHaveLength(3); // the page keeps working
    expect(s.getState().storageProblem).toMatchObject({ full: true });
    expect(s.getState().storageProblem!.message).toMatch(/full/);
    expect(s.getState().unsaved).toEqual([runs[2].id]);
    await s.getState().deleteOldestRuns(1);
    expect(s.getState().storedRuns.map((r) => r.number)).toEqual([3, 2]);
    expect([...storage.runs.keys()].sort()).toEqual([runs[1].id, runs[2].id].sort()); // the unsaved run was written once there was room
    expect(s.getState().unsaved).toEqual([]);
    expect(s.getState().storageProblem).toBeNull();
  });

  it('says when storage is unavailable, and still records runs in memory', async () => {
    storage.unavailable = true;
    const s = createAppStore();
    await s.getState().loadHistory();
    expect(s.getState().historyLoaded).toBe(true);
    expect(s.getState().storageProblem).toMatchObject({ full: false });
    expect(s.getState().storageProblem!.message).toMatch(/cannot be saved/);
    await s.getState().recordRun(record(0.01, 1), Promise.resolve(weights(1)));
    expect(s.getState().storedRuns).toHaveLength(1);
    expect(s.getState().storedRuns[0].hasWeights).toBe(false);
  });

  it('compares at most six runs, the oldest compared dropping out', async () => {
    const s = createAppStore();
    const runs = Array.from({ length: 8 }, (_, i) => record(0.01 * (i + 1), i + 1));
    for (const r of runs) await s.getState().recordRun(r);
    expect(s.getState().compareIds).toEqual(runs.slice(2).map((r) => r.id));
    s.getState().toggleCompare(runs[5].id);
    expect(s.getState().compareIds).not.toContain(runs[5].id);
    s.getState().toggleCompare(runs[0].id);
    expect(s.getState().compareIds.at(-1)).toBe(runs[0].id);
  });
});

describe('the run slice stores every run that ends', () => {
  const ready: FromWorker = {
    type: 'ready', trainSize: 400, testSize: 100, stepsPerEpoch: 40, totalSteps: 80,
    adapter: { backend: 'cpu', label: 'CPU', isSoftware: false },
    summary: { layers: [], outputShape: [2], totalParams: 418, totalFlops: 0 } as never,
  };
  const point = (step: number): FromWorker => ({ type: 'progress', metrics: { kind: 'progress', ...progress(step)[step - 1] } });
  const evalAt = (step: number): FromWorker => ({ type: 'eval', metrics: { kind: 'eval', epoch: 2, step, trainLoss: 0.4, testLoss: 0.3, testAccuracy: 0.875, layers: [] } });

  it('a finished run with its final metrics and the weights the worker sends', async () => {
    const asked: number[] = [];
    setRunCommands({ train() {}, resume() {}, startNewRun() {}, keepCurrentRun() {}, pause() {}, step() {}, reset() {}, selfTest() {}, loadWeights() {}, weights: async () => { asked.push(1); return weights(3); } } satisfies RunCommands);
    const s = createAppStore();
    s.getState().beginRun();
    s.getState().applyWorker([ready, { type: 'state', state: 'training' }, point(1), point(2), evalAt(2)]);
    s.getState().applyWorker([{ type: 'done', final: { final: true, epochs: 2, steps: 2, trainLoss: 0.4, testLoss: 0.3, testAccuracy: 0.875, samplesPerSec: 500, reason: 'completed', seconds: 1.5 } }]);
    await settle();
    const [run] = s.getState().storedRuns;
    expect(s.getState().storedRuns).toHaveLength(1);
    expect(run).toMatchObject({ status: 'finished', params: 418, adapter: 'CPU', number: 1, hasWeights: true, final: { steps: 2, testLoss: 0.3, testAccuracy: 0.875 }, timings: { seconds: 1.5, samplesPerSec: 500 } });
    expect(run.events.map((e) => e.text)).toEqual(['Training started', 'Finished (all epochs)']);
    expect(s.getState().currentRunId).toBe(run.id);
    expect(storage.weights.get(run.id)![0].data[0]).toBe(3);
    expect(asked).toHaveLength(1);
    // Train again after the end: the worker resets; the run is not stored twice.
    s.getState().applyWorker([{ type: 'state', state: 'idle' }, { type: 'state', state: 'training' }, point(1)]);
    s.getState().endRun(); // e.g. Reset pressed now: this second run is stored as stopped
    await settle();
    expect(s.getState().storedRuns.map((r) => [r.number, r.status])).toEqual([[2, 'stopped'], [1, 'finished']]);
  });

  it('a diverged run, and one thrown away by an edit', async () => {
    const s = createAppStore();
    s.getState().beginRun();
    s.getState().applyWorker([ready, { type: 'state', state: 'training' }, point(1)]);
    s.getState().applyWorker([{ type: 'error', kind: 'nonFinite', message: 'The loss became NaN at step 2.' }]);
    s.getState().beginRun(); // stored already: not again
    s.getState().applyWorker([ready, { type: 'state', state: 'training' }, point(1), point(2)]);
    s.getState().beginRun();
    s.getState().beginRun(); // a run without a point is not stored
    await settle();
    expect(s.getState().storedRuns.map((r) => r.status)).toEqual(['stopped', 'diverged']);
  });

  it('a run deleted while it is still in the charts is not stored again when the page is left', async () => {
    const s = createAppStore();
    s.getState().beginRun();
    s.getState().applyWorker([ready, { type: 'state', state: 'training' }, point(1)]);
    s.getState().applyWorker([{ type: 'done', final: { final: true, epochs: 1, steps: 1, trainLoss: 0.4, testLoss: 0.3, testAccuracy: 0.875, samplesPerSec: 500, reason: 'completed', seconds: 1 } }]);
    await settle();
    await s.getState().deleteRun(s.getState().storedRuns[0].id);
    s.getState().endRun(); // pagehide
    s.getState().beginRun(); // or an edit
    await settle();
    expect(s.getState().storedRuns).toEqual([]);
    expect(storage.runs.size).toBe(0);
  });
});
