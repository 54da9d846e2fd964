import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../engine/cpu/backend';
import { noGrad } from '../engine/tape';
import { forward } from '../nn/model';
import { buildModel } from '../nn/model';
import { classOf, gridPoints, probabilities, GRID_SIZE } from './probe';
import { boundaryCheck } from './probe-driver';
import { diagramOf, edgeCount } from './probe-network';
import { probeExperiment, probeRun } from './probe-test-helpers';

describe('boundary probe on the CPU backend', () => {
  it('grid: row 0 is the top (largest x2), column 0 the left (smallest x1), cell centres', () => {
    const g = gridPoints(4, 2);
    expect(Array.from(g.subarray(0, 2))).toEqual([-1.5, 1.5]);
    expect(Array.from(g.subarray(6, 8))).toEqual([1.5, 1.5]);
    expect(Array.from(g.subarray(30, 32))).toEqual([1.5, -1.5]);
  });

  it('class rule and probabilities follow the trainer (one logit > 0; first largest score)', () => {
    expect(classOf([0.2, -0.1], 0, 1)).toBe(1);
    expect(classOf([0.2, -0.1], 1, 1)).toBe(0);
    expect(classOf([1, 3, 3], 0, 3)).toBe(1);
    const p = new Float32Array(2);
    probabilities([0], 0, 1, p, 0);
    expect(Array.from(p)).toEqual([0.5, 0.5]);
    const q = new Float32Array(3);
    probabilities([1, 2, 3], 0, 3, q, 0);
    expect(q[0] + q[1] + q[2]).toBeCloseTo(1, 6);
    expect(q[2]).toBeCloseTo(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3)), 6);
  });

  it('agrees with a separate eval forward at every training point, and its share correct is the eval accuracy', async () => {
    const backend = createCpuBackend('f32');
    const { trainer, probe, split } = await probeRun(backend, probeExperiment());
    const before = await probe.run(trainer.stepsDone);
    await trainer.run();
    const after = await probe.run(trainer.stepsDone);
    expect(after.step).toBe(trainer.totalSteps);
    expect(after.output).toHaveLength(GRID_SIZE * GRID_SIZE * 2);
    // A separate eval forward of the training inputs as the data pipeline made them.
    const x = backend.upload(split.train.x, [split.train.n, 2]);
    const out = noGrad(() => forward(trainer.model, x, trainer.weights.params, trainer.weights.state, { training: false, seed: 7, stream: 0 }));
    const scores = await backend.read(out);
    let correct = 0;
    for (let i = 0; i < split.train.n; i++) {
      expect(after.trainClasses![i], `point ${i}`).toBe(classOf(scores, i, 2));
      if (classOf(scores, i, 2) === split.train.y[i]) correct++;
    }
    const evaluated = await trainer.evaluate('train');
    expect(after.trainAccuracy).toBe(evaluated.testAccuracy);
    expect(after.trainAccuracy).toBe(correct / split.train.n);
    expect(after.trainAccuracy!).toBeGreaterThan(0.6); // it learned something: the comparison is not of two blanks
    // The boundary moved: the grid at step 0 and after training differ.
    let changed = 0;
    for (let i = 0; i < before.output.length; i++) if (Math.abs(before.output[i] - after.output[i]) > 1e-3) changed++;
    expect(changed).toBeGreaterThan(before.output.length / 4);
    // The worker's check says the same.
    const check = await boundaryCheck(backend, trainer, probe, split);
    expect(check).toMatchObject({ step: trainer.totalSteps, mismatches: 0, boundaryAccuracy: evaluated.testAccuracy, evalAccuracy: evaluated.testAccuracy });
    probe.dispose();
    trainer.dispose();
  });

  it('with features: maps the grid like the pipeline (normalise, then x1², sin x2 ...) and stays in agreement', async () => {
    const backend = createCpuBackend('f32');
    const experiment = probeExperiment((e) => { e.data.features = ['x1', 'x2', 'x1Squared', 'sinX2']; e.data.dataset = 'circle'; });
    const { trainer, probe, split } = await probeRun(backend, experiment);
    expect(split.train.inputShape).toEqual([4]);
    expect(trainer.model.inputShape).toEqual([4]);
    await trainer.run();
    const check = await boundaryCheck(backend, trainer, probe, split);
    expect(check.mismatches).toBe(0);
    expect(check.boundaryAccuracy).toBe(check.evalAccuracy);
    expect(check.evalAccuracy).toBeGreaterThan(0.7);
    // The input nodes' thumbnails are the features of the normalised grid.
    const G = GRID_SIZE * GRID_SIZE;
    const raw = gridPoints(GRID_SIZE, probe.plane.extent);
    const { offset, divisor } = split.stats;
    const i = 5 * GRID_SIZE + 9;
    const x1 = Math.fround((raw[2 * i] - offset[0]) / divisor[0]);
    const x2 = Math.fround((raw[2 * i + 1] - offset[1]) / divisor[1]);
    expect(probe.plane.inputGrid).toHaveLength(4);
    expect(probe.plane.inputGrid[2][i]).toBe(Math.fround(x1 * x1));
    expect(probe.plane.inputGrid[3][i]).toBe(Math.fround(Math.sin(x2)));
    expect(probe.plane.inputGrid[0]).toHaveLength(G);
    probe.dispose();
    trainer.dispose();
  });

  it('regression: the value per cell and the training MSE', async () => {
    const backend = createCpuBackend('f32');
    const experiment = probeExperiment((e) => {
      e.data.dataset = 'plane';
      e.loss = 'mse';
      e.model.layers[e.model.layers.length - 1] = { type: 'dense', units: 1 };
    });
    const { trainer, probe, split } = await probeRun(backend, experiment);
    await trainer.run();
    const r = await probe.run(trainer.stepsDone);
    expect(r.output).toHaveLength(GRID_SIZE * GRID_SIZE);
    expect(r.trainClasses).toBeUndefined();
    const evaluated = await trainer.evaluate('train');
    expect(r.trainMse!).toBeCloseTo(evaluated.testMse!, 5);
    expect(split.points!.train).toHaveLength(split.train.n * 2);
    probe.dispose();
    trainer.dispose();
  });

  it('reads hidden layers and dense weights: the values the diagram shows', async () => {
    const backend = createCpuBackend('f32');
    const { trainer, probe } = await probeRun(backend, probeExperiment());
    const r = await probe.run(0);
    expect(r.layers.map((l) => l.nodes.length)).toEqual([4, 4, 2].map((u) => u * GRID_SIZE * GRID_SIZE));
    const w = await trainer.exportWeights();
    expect(Array.from(r.layers[0].weights)).toEqual(Array.from(w[0].data));
    expect(Array.from(r.layers[1].biases)).toEqual(Array.from(w[3].data));
    // Layer 0's neurons are read after the dropout layer (identity in eval mode): tanh outputs.
    expect(Math.max(...r.layers[0].nodes.map(Math.abs))).toBeLessThanOrEqual(1);
    probe.dispose();
    trainer.dispose();
  });
});

describe('network diagram layout', () => {
  const dense = (units: number, activation?: 'tanh') => ({ type: 'dense' as const, units, ...(activation ? { activation } : {}) });
  it('one edge per dense weight: 2-4-2 has 16, 2-4-4-2 has 32', () => {
    expect(edgeCount(diagramOf(buildModel([2], [dense(4, 'tanh'), dense(2)]), 2))).toBe(16);
    expect(edgeCount(diagramOf(buildModel([2], [dense(4, 'tanh'), { type: 'batchNorm' }, dense(4), ({ type: 'activation', activation: 'relu' } as never), dense(2)]), 2))).toBe(32);
  });
  it('says why a model is not drawn', () => {
    const big = diagramOf(buildModel([2], [dense(16, 'tanh'), dense(2)]), 2);
    expect(big).toEqual({ drawn: false, reason: expect.stringContaining('layer 1 (dense) has 16 neurons') });
    const conv = diagramOf(buildModel([28, 28, 1], [{ type: 'flatten' }, dense(2)]), 2);
    expect(conv.drawn).toBe(false);
  });
  it('a neuron is read after the layers between dense layers', () => {
    const d = diagramOf(buildModel([3], [dense(4), { type: 'dropout', rate: 0.1 }, ({ type: 'activation', activation: 'relu' } as never), dense(2)]), 3);
    expect(d.drawn && d.layers.map((l) => [l.denseLayer, l.outputLayer, l.inputs, l.weightParam, l.biasParam, l.label])).toEqual([
      [0, 2, 3, 0, 1, 'Dense 4, relu'], [3, 3, 4, 2, 3, 'Dense 2'],
    ]);
  });
});
