import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../engine/cpu/backend';
import { loadDataset } from '../data/load';
import { nodeIo } from '../data/node-io';
import { findPreset } from '../experiment/presets';
import { trainRuns } from '../testdata/goldens';
import { expectMatchesPyTorch, experimentOf, runToFailure, statefulMlp, stepsFrom, train, weightsAfter } from './test-helpers';
import { divergingSpiral, firstNonFiniteByHand, gradientCase, gradientNormCase, lossCase, middleLayerCase } from './non-finite-cases';
import { Trainer } from './trainer';
import { learningRateAt } from './schedule';
import { NonFiniteError } from './types';
import type { ExperimentInput } from '../spec';
import { generateSynthetic } from '../data/synthetic';
import { splitDataset } from '../data/split';
import type { Split } from '../data/types';
import type { TrainEvent } from './types';

const cpu = () => createCpuBackend('f32');

async function presetRun(name: string, change: (e: ExperimentInput) => void = () => {}) {
  const input = structuredClone(findPreset(name)!.experiment) as ExperimentInput;
  change(input);
  const experiment = experimentOf(input);
  const split = await loadDataset(experiment.data, experiment.seed, nodeIo(process.cwd()));
  return { experiment, split };
}

describe('trainer on the CPU backend', () => {
  for (const run of trainRuns) {
    it(`matches PyTorch step by step: ${run.name}`, () => expectMatchesPyTorch(cpu(), run, 'cpu'));
  }

  it('trains the spiral preset to at least 0.9 test accuracy', async () => {
    const { experiment, split } = await presetRun('spiral');
    const log = await train(cpu(), experiment, split);
    expect(log.final?.testAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(log.final?.reason).toBe('completed');
    // Loss falls and health is reported per layer with parameters.
    expect(log.progress.at(-1)!.trainLoss).toBeLessThan(log.progress[0].trainLoss);
    expect(log.evals.at(-1)!.layers.map((l) => l.layer)).toEqual(['layer 1 (dense)', 'layer 2 (dense)', 'layer 3 (dense)']);
  });

  it('repeats the loss curve exactly for the same seed, and not for another', async () => {
    const curve = async (seed: number) => {
      const { experiment, split } = await presetRun('spiral', (e) => {
        e.seed = seed;
        e.training.epochs = 2;
        e.model.layers.splice(1, 0, { type: 'dropout', rate: 0.2 });
      });
      return (await train(cpu(), experiment, split, { progressEvery: 1 })).progress.map((p) => p.trainLoss);
    };
    const a = await curve(7);
    expect(await curve(7)).toEqual(a);
    expect(await curve(8)).not.toEqual(a);
  });

  it('stops on NaN at the exact step and layer an independent eager loop finds, however late the read', async () => {
    const { experiment, split } = divergingSpiral('cpu');
    const initial = await weightsAfter(cpu(), experiment, split, 0);
    const expected = firstNonFiniteByHand(experiment, split, initial, 100)!;
    expect(expected.step).toBeGreaterThan(1);
    // Reads every 10 steps: the flag is seen up to 10 (+2 in flight) steps late.
    const { error, trainer, events } = await runToFailure(cpu(), experiment, split, { progressEvery: 10 });
    expectStoppedAt(error, expected);
    expect(trainer.stepsDone).toBe(expected.step - 1);
    expect(events.filter((e) => e.kind === 'progress').every((e) => e.step < expected.step)).toBe(true);
    // Nothing ran past it: the weights are those after step k - 1.
    expect((await trainer.exportWeights()).map((w) => w.data)).toEqual(await weightsAfter(cpu(), experiment, split, expected.step - 1));
  });

  for (const [name, make] of [['a middle layer\'s output', middleLayerCase], ['the loss', lossCase], ['a gradient, from the output backwards', gradientCase], ['a gradient norm', gradientNormCase]] as const) {
    it(`names where the first non-finite value appeared: ${name}`, async () => {
      const c = make('cpu');
      const { error, trainer } = await runToFailure(cpu(), c.experiment, c.split, { weights: c.weights });
      expectStoppedAt(error, c.expected, c.where);
      // Step 1 changed nothing: weights and running statistics are as they started.
      expect((await trainer.exportWeights()).map((w) => w.data)).toEqual(await weightsAfter(cpu(), c.experiment, c.split, 0, c.weights));
      // Training on retries the same step and stops the same way.
      await expect(trainer.run()).rejects.toMatchObject({ step: c.expected.step, layer: c.expected.layer });
    });
  }

  it('stops early at the target loss', async () => {
    const { experiment, split } = await presetRun('spiral', (e) => {
      e.training.epochs = 200;
      e.training.targetLoss = 0.5;
    });
    const log = await train(cpu(), experiment, split);
    expect(log.final?.reason).toBe('targetLoss');
    expect(log.final!.testLoss).toBeLessThanOrEqual(0.5);
    expect(log.final!.epochs).toBeLessThan(200);
  });

  it('applies live learning-rate changes and logs them with their step', async () => {
    const { experiment, split } = await presetRun('spiral', (e) => (e.training.epochs = 1));
    const events: unknown[] = [];
    const trainer = await Trainer.create(experiment, { backend: cpu(), split, onEvent: (e) => events.push(e), progressEvery: 1 });
    await trainer.step();
    trainer.setHyper({ lr: 0.5 });
    await trainer.step();
    expect(events).toContainEqual({ kind: 'hyper', step: 1, field: 'lr', value: 0.5 });
    const lrs = events.filter((e) => (e as { kind: string }).kind === 'progress').map((e) => (e as { lr: number }).lr);
    expect(lrs.at(-1)).toBeCloseTo(learningRateAfterChange(experiment.schedule.warmupSteps ?? 0));
    await trainer.reset();
    expect(trainer.stepsDone).toBe(0);
    // Reset keeps the live learning rate: the next step trains at 0.5, not the preset's.
    await trainer.step();
    const after = events.filter((e) => (e as { kind: string }).kind === 'progress').map((e) => (e as { lr: number }).lr);
    expect(after.at(-1)).toBeCloseTo(learningRateAt(experiment.schedule, 0.5, 0, trainer.totalSteps));
  });
});

describe('the training state (CPU)', () => {
  it('saves, and restores bit for bit: the same steps again give the same losses and weights', async () => {
    const ds = generateSynthetic('spiral', { seed: 4, noise: 0.1, n: 100 });
    const split = { ...splitDataset(ds, { seed: 4, trainFraction: 0.5 }), stats: { method: 'none', offset: [0, 0], divisor: [1, 1] } } as Split;
    const events: TrainEvent[] = [];
    const trainer = await Trainer.create(statefulMlp('cpu'), { backend: cpu(), split, onEvent: (e) => events.push(e), progressEvery: 1 });
    await stepsFrom(trainer, events, 4); // into the first epoch (3 steps each): mid-epoch, after an order change
    const saved = structuredClone(await trainer.save()); // plain data: survives a structured clone
    expect(saved).toMatchObject({ step: 4, epoch: 1, randomStream: 4 });
    const first = await stepsFrom(trainer, events, 4);
    await trainer.restore(saved);
    expect(trainer.stepsDone).toBe(4);
    const again = await stepsFrom(trainer, events, 4);
    expect(again.losses).toEqual(first.losses);
    expect(again.weights).toEqual(first.weights);
    // A fresh trainer (at step 0) restored from it continues the same way.
    const other = await Trainer.create(statefulMlp('cpu'), { backend: cpu(), split, onEvent: (e) => events.push(e), progressEvery: 1 });
    await other.restore(saved);
    expect((await stepsFrom(other, events, 4)).weights).toEqual(first.weights);
    // The running statistics are part of it (batch norm), and differ from the initial ones.
    expect((await trainer.exportWeights()).map((w) => w.name)).toContain('layer2.runningMean');
    expect(saved.running[0].some((v) => v !== 0)).toBe(true);
  });

  it('refuses a state saved from another model', async () => {
    const { experiment, split } = await presetRun('spiral', (e) => (e.training.epochs = 1));
    const trainer = await Trainer.create(experiment, { backend: cpu(), split, onEvent: () => {} });
    const saved = await trainer.save();
    await expect(trainer.restore({ ...saved, paramNames: ['layer1.weight'] })).rejects.toThrow(/parameters \[layer1\.weight\]/);
  });
});

/** The error is a NonFiniteError at `expected`, and its message names the same step and place. */
function expectStoppedAt(error: unknown, expected: { step: number; layer: string }, where?: string): void {
  expect(error).toBeInstanceOf(NonFiniteError);
  const e = error as NonFiniteError;
  expect({ step: e.step, layer: e.layer }).toEqual(expected);
  expect(e.message).toMatch(new RegExp(`^Training stopped at step ${expected.step}: `));
  expect(e.message).toContain(`The first non-finite values appeared in ${where ?? (expected.layer === 'loss' ? 'the loss' : expected.layer)}`);
}

/** The second step's lr under the spiral preset's schedule after setting the base lr to 0.5. */
function learningRateAfterChange(warmup: number): number {
  return warmup > 1 ? (0.5 * 2) / warmup : 0.5;
}

describe('throughput reports', () => {
  it('Step presses and the first report of a run are untimed; later reports are timed and positive', async () => {
    const { experiment, split } = await presetRun('spiral', (e) => { e.training!.epochs = 1; });
    const events: TrainEvent[] = [];
    const trainer = await Trainer.create(experiment, { backend: cpu(), split, onEvent: (e) => events.push(e), progressEvery: 1 });
    for (let i = 0; i < 3; i++) await trainer.step();
    const pressed = events.filter((e) => e.kind === 'progress');
    expect(pressed).toHaveLength(3);
    for (const p of pressed) expect(p).toMatchObject({ timed: false, samplesPerSec: 0, msPerStep: 0 });
    events.length = 0;
    await trainer.run();
    const run = events.filter((e) => e.kind === 'progress');
    expect(run[0].timed).toBe(false); // the run's first step opens the window
    expect(run.slice(1).every((p) => p.timed && p.samplesPerSec > 0 && p.msPerStep > 0)).toBe(true);
  });
});

describe('checkpoints (CPU)', () => {
  /** The plane preset with sgd at lr 10 after a long warmup: good for two epochs, then Inf. */
  const diverging = () => presetRun('plane', (e) => {
    e.optimizer = { type: 'sgd', lr: 10 };
    e.schedule = { type: 'constant', warmupSteps: 1000 };
    e.training.epochs = 6;
  });

  it('checkpoints at each evaluation and, on a NaN/Inf stop, the last good step', async () => {
    const { experiment, split } = await diverging();
    const checkpoints: { step: number; reason: string }[] = [];
    const trainer = await Trainer.create(experiment, {
      backend: cpu(), split, onEvent: () => {}, onCheckpoint: (c, reason) => checkpoints.push({ step: c.step, reason }),
    });
    const spe = trainer.stepsPerEpoch;
    const error = await trainer.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteError);
    const failedAt = (error as NonFiniteError).step;
    expect(failedAt).toBeGreaterThan(2 * spe);
    // The step guard leaves the state of the step before the flagged one: that is the last
    // good state, checkpointed with the stop.
    expect(checkpoints).toEqual([{ step: spe, reason: 'eval' }, { step: 2 * spe, reason: 'eval' }, { step: failedAt - 1, reason: 'nonFinite' }]);
    expect(trainer.stepsDone).toBe(failedAt - 1);
    expect(trainer.lastCheckpoint?.step).toBe(failedAt - 1);
    for (const w of await trainer.exportWeights()) expect(w.data.every(Number.isFinite)).toBe(true);
    // A lower learning rate, and Resume. That step was on the brink (its weights had grown
    // for many steps): the next step overflows again, and the run goes back to the last
    // evaluation, from before the divergence began.
    trainer.setHyper({ lr: 0.01 });
    const again = await trainer.run().catch((e: unknown) => e);
    expect(again).toBeInstanceOf(NonFiniteError);
    expect((again as NonFiniteError).step).toBe(failedAt);
    expect(checkpoints.at(-1)).toEqual({ step: 2 * spe, reason: 'nonFinite' });
    expect(trainer.stepsDone).toBe(2 * spe);
    // From there the lower rate trains on to the end, finite.
    const final = await trainer.run();
    expect(final?.steps).toBe(trainer.totalSteps);
    expect(Number.isFinite(final?.testLoss)).toBe(true);
  });

  it('checkpoints at a pause; a fresh trainer restored from it ends as the run that went on', async () => {
    const { experiment, split } = await presetRun('spiral', (e) => { e.training.epochs = 2; });
    const saved: { step: number; reason: string; state: unknown }[] = [];
    const trainer = await Trainer.create(experiment, {
      backend: cpu(), split, onEvent: (e) => { if (e.kind === 'progress' && e.step === 30) trainer.pause(); }, progressEvery: 10,
      onCheckpoint: (c, reason) => saved.push({ step: c.step, reason, state: c }),
    });
    expect(await trainer.run()).toBeNull();
    const pause = saved.at(-1)!;
    expect(pause).toMatchObject({ reason: 'pause' });
    expect(pause.step).toBe(trainer.stepsDone);
    await trainer.run();
    const other = await Trainer.create(experiment, { backend: cpu(), split, onEvent: () => {} });
    await other.restore(structuredClone(pause.state) as Awaited<ReturnType<Trainer['save']>>);
    await other.run();
    expect(await other.exportWeights()).toEqual(await trainer.exportWeights());
  });
});
