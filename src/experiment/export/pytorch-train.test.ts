// Runs of the runner (CPU backend) and their exported train.py under real PyTorch:
// --evaluate reproduces the final test metrics, --replay-steps 20 the first 20 step losses
// (SGD with momentum and dropout; Adam with features, validation and a schedule; MNIST with
// augmentation and dropout), and torchrun with 2 processes lands on the single-process loss.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run';
import { decodeSafetensors } from '../../train/safetensors';
import { Rng } from '../../engine/random';
import type { Experiment } from '../../spec';
import { experimentWith, jsonLines, python, requireTorch, writeExperiment } from './python-testing';

const dirs: string[] = [];
// Importing torch takes seconds, more on a busy machine.
beforeAll(requireTorch, 60_000);
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Run {
  dir: string;
  final: Record<string, number>;
  steps: Record<string, number>[];
}

/** `npm run train -- <file> --backend cpu --json --out DIR`, in process. */
async function runnerRun(name: string, experiment: Experiment): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), `torch-${name}-`));
  dirs.push(dir);
  const stdout = { text: '', write(s: string) { this.text += s; } };
  const stderr = { text: '', write(s: string) { this.text += s; } };
  const code = await runCli([writeExperiment(dir, 'source', experiment), '--backend', 'cpu', '--json', '--out', join(dir, 'out')], { stdout, stderr });
  expect(code, stderr.text).toBe(0);
  const metrics = jsonLines(readFileSync(join(dir, 'out', 'metrics.jsonl'), 'utf8')) as Record<string, number | string>[];
  return {
    dir: join(dir, 'out'),
    final: jsonLines(stdout.text).at(-1)!,
    steps: metrics.filter((m) => m.kind === 'step') as Record<string, number>[],
  };
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

function expectEvaluateMatches(run: Run): void {
  const got = jsonLines(python(['train.py', '--evaluate'], run.dir)).at(-1)!;
  expect(relative(got.testLoss, run.final.testLoss)).toBeLessThan(1e-4);
  if ('testAccuracy' in run.final) expect(got.testAccuracy).toBe(run.final.testAccuracy);
  else expect(relative(got.testMse, run.final.testMse)).toBeLessThan(1e-4);
}

function expectReplayMatches(run: Run, steps = 20): void {
  const got = jsonLines(python(['train.py', '--replay-steps', String(steps)], run.dir));
  expect(got.map((g) => g.step)).toEqual(Array.from({ length: steps }, (_, i) => i + 1));
  expect(run.steps.slice(0, steps).map((s) => s.step)).toEqual(got.map((g) => g.step));
  got.forEach((g, i) => expect(relative(g.loss, run.steps[i].loss), `step ${g.step}: ${g.loss} vs ${run.steps[i].loss}`).toBeLessThan(1e-4));
}

const spiralLayers = [
  { type: 'dense', units: 16, activation: 'relu' },
  { type: 'dropout', rate: 0.2 },
  { type: 'dense', units: 16, activation: 'tanh' },
  { type: 'dense', units: 2 },
];

describe('train.py reproduces runner runs', () => {
  let momentum: Run;
  let adam: Run;

  beforeAll(async () => {
    momentum = await runnerRun('momentum', experimentWith({
      seed: 7, model: { layers: spiralLayers },
      optimizer: { type: 'momentum', lr: 0.05, momentum: 0.9, weightDecay: 1e-4, l2: 1e-4 },
      schedule: { type: 'step', stepSize: 10, gamma: 0.7, warmupSteps: 3 },
      training: { batchSize: 16, epochs: 1, clipGradNorm: 0.5, evalEvery: 1 },
    }));
    adam = await runnerRun('adam', experimentWith({
      seed: 11,
      data: { dataset: 'circle', noise: 0.2, trainFraction: 0.7, normalize: 'standard', validationFraction: 0.1, features: ['x1', 'x2', 'x1Squared', 'x1TimesX2', 'sinX2'] },
      model: { layers: [{ type: 'dense', units: 12, activation: 'gelu' }, { type: 'batchNorm' }, { type: 'dense', units: 2 }] },
      optimizer: { type: 'adam', lr: 0.01, weightDecay: 1e-3, l1: 1e-5 },
      schedule: { type: 'cosine', warmupSteps: 5 },
      training: { batchSize: 32, epochs: 2, evalEvery: 1 },
    }));
  }, 120_000);

  it('writes 100 step losses, initial weights, train.py and the points', () => {
    expect(momentum.steps).toHaveLength(Math.min(100, momentum.final.steps));
    expect(adam.steps).toHaveLength(Math.min(100, adam.final.steps));
    expect(momentum.steps[0]).toEqual({ kind: 'step', step: 1, loss: expect.any(Number) });
    for (const f of ['initial.safetensors', 'weights.safetensors', 'train.py', 'data/points.csv']) expect(() => readFileSync(join(momentum.dir, f)), f).not.toThrow();
    // initial.safetensors: the same names, shapes and order as weights.safetensors, before training.
    const [initial, trained] = ['initial', 'weights'].map((f) => decodeSafetensors(readFileSync(join(adam.dir, `${f}.safetensors`))).tensors);
    expect(initial.map((t) => [t.name, t.shape])).toEqual(trained.map((t) => [t.name, t.shape]));
    expect(initial.map((t) => t.name)).toContain('layer2.runningVar');
    expect(Array.from(initial.find((t) => t.name === 'layer2.runningVar')!.data)).toEqual(Array(12).fill(1));
    expect(Array.from(initial[0].data)).not.toEqual(Array.from(trained[0].data));
  });

  it('--evaluate gives the final test loss and accuracy (momentum, dropout)', () => expectEvaluateMatches(momentum));
  it('--evaluate gives the final test loss and accuracy (Adam, features, validation rows left out, batch norm)', () => expectEvaluateMatches(adam));
  it('--replay-steps 20 gives the first 20 step losses: SGD with momentum, dropout, clipping, l2, step schedule', () => expectReplayMatches(momentum));
  it('--replay-steps 20 gives the first 20 step losses: Adam, cosine warmup, weight decay, l1', () => expectReplayMatches(adam));

  it('torchrun with 2 processes (gloo, DistributedDataParallel) lands within 1e-3 of one process', () => {
    const single = jsonLines(python(['train.py', '--epochs', '1'], momentum.dir)).at(-1)!;
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const out = python(['-m', 'torch.distributed.run', '--redirects', '2', '--tee', '2', '--nproc_per_node=2', `--master_port=${port}`, 'train.py', '--epochs', '1'], momentum.dir);
    const distributed = jsonLines(out).at(-1)!;
    expect(Number.isFinite(single.testLoss)).toBe(true);
    expect(Math.abs(distributed.testLoss - single.testLoss)).toBeLessThan(1e-3);
  }, 120_000);
});

describe('train.py on MNIST with augmentation', () => {
  it('replays 20 steps of a CNN with shift, flip, noise and dropout, and evaluates', async () => {
    const run = await runnerRun('mnist', experimentWith({
      seed: 3,
      data: { dataset: 'mnist', trainFraction: 0.1, normalize: 'standard', augment: { shift: 2, flip: true, noise: 0.05 } },
      model: { layers: [
        { type: 'conv2d', filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' },
        { type: 'maxPool2d', poolSize: 2 },
        { type: 'dropout', rate: 0.1 },
        { type: 'flatten' },
        { type: 'dense', units: 10 },
      ] },
      optimizer: { type: 'adam', lr: 0.003 },
      schedule: { type: 'constant', warmupSteps: 0 },
      training: { batchSize: 32, epochs: 1, evalEvery: 1 },
    }));
    expectReplayMatches(run);
    expectEvaluateMatches(run);
  }, 120_000);
});

describe('train.py on a CSV table and on regression', () => {
  it('a CSV with a text column (one-hot) and standard normalisation: --evaluate and --replay-steps 20', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'torch-csv-src-'));
    dirs.push(dir);
    const rng = new Rng(21);
    const lines = ['width,height,colour,kind'];
    for (let i = 0; i < 240; i++) {
      const w = rng.range(0, 10);
      const h = rng.range(-5, 5);
      const colour = ['red', 'green', 'blue'][rng.int(3)];
      lines.push(`${w.toFixed(3)},${h.toFixed(3)},${colour},${w + h + (colour === 'red' ? 2 : 0) > 6 ? 'big' : 'small'}`);
    }
    writeFileSync(join(dir, 'shapes.csv'), `${lines.join('\n')}\n`);
    const run = await runnerRun('csv', experimentWith({
      seed: 5,
      data: { dataset: 'csv', csv: { file: join(dir, 'shapes.csv'), target: 'kind', task: 'classification' }, normalize: 'standard', trainFraction: 0.75 },
      model: { layers: [{ type: 'dense', units: 8, activation: 'relu' }, { type: 'dense', units: 2 }] },
      optimizer: { type: 'rmsprop', lr: 0.01 },
      schedule: { type: 'exponential', gamma: 0.99, warmupSteps: 0 },
      training: { batchSize: 16, epochs: 2, evalEvery: 1 },
    }));
    expect(readFileSync(join(run.dir, 'data', 'shapes.csv'), 'utf8')).toBe(`${lines.join('\n')}\n`);
    expectEvaluateMatches(run);
    expectReplayMatches(run);
  }, 120_000);

  it('a 2-D regression (plane, mse, nesterov): --evaluate gives testMse, --replay-steps 20 the losses', async () => {
    const run = await runnerRun('plane', experimentWith({
      seed: 9,
      data: { dataset: 'plane', noise: 0.1, normalize: 'scale' },
      model: { layers: [{ type: 'dense', units: 8, activation: 'elu' }, { type: 'dense', units: 1 }] },
      loss: 'mse',
      optimizer: { type: 'nesterov', lr: 0.01, momentum: 0.8 },
      training: { batchSize: 25, epochs: 1, evalEvery: 1 },
    }));
    expect(run.final).toHaveProperty('testMse');
    expectEvaluateMatches(run);
    expectReplayMatches(run);
  }, 120_000);
});
