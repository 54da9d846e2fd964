// The training step: gather the batch on the device from the epoch's shuffled order at a
// uniform offset -> (augment) -> forward -> loss -> backward -> gradients into the flat
// gradient buffer -> metrics -> Σg² and global-norm clipping -> the non-finite guard (a
// NaN/Inf loss or Σg² sets the sticky flag in the metrics buffer and makes the gradient
// scale exactly 0, so this and every later step leave the training state alone) -> one
// fused optimizer update. It is
// compiled once (Backend.compile: traced into a step plan on the GPU, eager on the CPU);
// per step only uniforms change: batch offset and random stream (STEP), learning rate and
// step counter (the optimizer's hyper block).
import type { Backend, CompiledStep, StepRead, UniformBlock } from '../engine/backend';
import { backward } from '../engine/tape';
import { tidy, type Tensor } from '../engine/tensor';
import { gatherRows } from '../engine/ops/norm';
import { epochPermutation } from '../data/batching';
import { forward, type Model } from '../nn/model';
import { lossOf } from '../nn/losses';
import type { Experiment } from '../spec';
import type { DeviceData } from './device-data';
import { augmentStep } from './augment-step';
import type { MetricsStream } from './metrics-stream';
import { createHyperBlock, optimizerRule, writeHyper } from './optimizer';
import { learningRateAt } from './schedule';
import type { TrainingState } from './training-state';
import type { LiveHyper } from './types';
import { adversarialExamples, type InputBox } from './adversarial';

/** Words of the per-step uniform block. */
export const STEP = { batchOffset: 0, stream: 1, words: 4 } as const;

/** What a step reads and writes; all of it lives on the backend. */
export interface StepParts {
  backend: Backend;
  experiment: Experiment;
  model: Model;
  data: DeviceData;
  state: TrainingState;
  metrics: MetricsStream;
  batchSize: number;
  stepsPerEpoch: number;
  totalSteps: number;
  /** How ε maps onto the model's input (adversarial training; adversarial.ts). */
  inputBox: InputBox;
}

export interface Batch {
  x: Tensor;
  /** What the loss takes (labels or targets). */
  target: Tensor;
}

export class TrainingStep {
  /** Batch offset and random stream of the step about to run (STEP words). */
  readonly block: UniformBlock;
  /** The optimizer's hyperparameters of the step about to run. */
  readonly hyper: UniformBlock;
  private readonly compiled: CompiledStep;
  /** The running statistics as they were at the start of the step (the guard restores them). */
  private readonly runningBackup: Tensor;
  /** Which epoch's permutation the device's order tensor holds (-1: none yet). */
  private orderEpoch = -1;

  constructor(readonly parts: StepParts) {
    this.block = parts.backend.createUniforms(STEP.words);
    this.hyper = createHyperBlock(parts.backend);
    this.runningBackup = parts.backend.zeros(parts.state.runningFlat.shape);
    this.compiled = parts.backend.compile(() => this.body());
  }

  /**
   * Sets up optimizer step `index` (0-based): its epoch's data order (written once per
   * epoch), batch offset, random stream and hyperparameters (lr from the schedule, or
   * exactly `fixedLr` when given: the learning-rate finder's sweep).
   */
  prepare(index: number, hyper: Required<LiveHyper>, fixedLr?: number): void {
    const { backend, experiment, stepsPerEpoch, batchSize, data } = this.parts;
    const epoch = Math.floor(index / stepsPerEpoch);
    if (epoch !== this.orderEpoch) {
      backend.write(data.order, epochPermutation(experiment.seed, epoch, data.train.n));
      this.orderEpoch = epoch;
    }
    this.block.u32[STEP.batchOffset] = (index % stepsPerEpoch) * batchSize;
    this.block.u32[STEP.stream] = index;
    this.block.sync();
    const lr = fixedLr ?? learningRateAt(experiment.schedule, hyper.lr, index, this.parts.totalSteps);
    writeHyper(this.hyper, experiment.optimizer, { ...hyper, lr, step: index });
    this.hyper.sync();
  }

  /** Runs the prepared step; `read` is read back after it in the same submit. */
  run(read?: Tensor): StepRead | null {
    return this.compiled(read);
  }

  /**
   * One step at exactly `lr` (the learning-rate finder's sweep: no schedule, no progress
   * event), its loss read back at once; NaN when the step guard flagged it (the sweep ends).
   */
  async sweepStep(hyper: Required<LiveHyper>, lr: number): Promise<number> {
    const { state: s, metrics, stepsPerEpoch } = this.parts;
    const index = s.step;
    this.prepare(index, hyper, lr);
    s.epoch = Math.floor(index / stepsPerEpoch);
    metrics.stepsSinceRead++;
    const values = this.run(metrics.buffer);
    s.step++;
    const steps = metrics.closeWindow();
    const m = metrics.decode(await values!, steps);
    return m.guard.flagged ? NaN : m.trainLoss;
  }

  /** GPU ms of each dispatch of the compiled step (runs it once more); null where untimed. */
  kernelTimes(): Promise<Record<string, number> | null> {
    return this.compiled.kernelTimes();
  }

  /** GPU ms of each dispatch of the next run of the step (an ordinary step otherwise); null where untimed. */
  timeNextRun(): Promise<Record<string, number> | null> {
    return this.compiled.timeNextRun();
  }

  /** The prepared step's batch, gathered on the device (augmented when the experiment says so). */
  gatherBatch(): Batch {
    const { data, experiment: exp, batchSize: B } = this.parts;
    const offset = { block: this.block, index: STEP.batchOffset };
    const gathered = gatherRows(data.train.x, data.order, offset, B);
    const x = augmentStep(gathered, exp.data.augment, exp.seed, { block: this.block, index: STEP.stream });
    const target = gatherRows(data.train.target, data.order, offset, B);
    return { x, target };
  }

  /** The prepared step's labels for accuracy (classification only; the targets when they are labels). */
  gatherLabels(batch: Batch): Tensor | null {
    const { data, batchSize } = this.parts;
    if (!data.train.labels) return null;
    if (data.train.labels === data.train.target) return batch.target;
    return gatherRows(data.train.labels, data.order, { block: this.block, index: STEP.batchOffset }, batchSize);
  }

  /** The forward context of the prepared step (dropout masks from its stream). */
  forwardContext() {
    return { training: true, seed: this.parts.experiment.seed, stream: { block: this.block, index: STEP.stream } };
  }

  /** Puts the running statistics back as they were at the start of the last step run. */
  restoreRunning(): void {
    const { backend, state } = this.parts;
    if (state.running.length) backend.copy(this.runningBackup, state.runningFlat);
  }

  /** Keeps the running statistics as they are now (restoreRunning puts them back). */
  keepRunning(): void {
    const { backend, state } = this.parts;
    if (state.running.length) backend.copy(state.runningFlat, this.runningBackup);
  }

  dispose(): void {
    this.compiled.dispose();
    this.runningBackup.dispose();
  }

  /**
   * Adversarial training: the first round(fraction · B) samples of the batch are replaced,
   * in place, by adversarial examples made against the current weights in evaluation mode
   * (dropout off and no mask drawn, batch norm with its running statistics, so the step's
   * own forward sees exactly the streams and statistics of a plain step). On the GPU this is
   * part of the traced step plan: the attack's forward and backward passes ride in the
   * step's one submit.
   */
  private makeAdversarial(batch: Batch): void {
    const { backend: b, experiment: exp, model, state, batchSize } = this.parts;
    const adv = exp.training.adversarial!;
    const m = Math.min(batchSize, Math.round(adv.fraction * batchSize));
    if (m === 0) return;
    const rows = (t: Tensor) => b.view(t, 0, [m, ...t.shape.slice(1)]);
    const x = rows(batch.x);
    const target = { model, weights: { params: state.params, state: state.running }, loss: { loss: exp.loss, huberDelta: exp.huberDelta, seed: exp.seed }, box: this.parts.inputBox };
    const adversarial = adversarialExamples(target, x, rows(batch.target), adv);
    b.copy(adversarial, x);
    adversarial.dispose();
  }

  /** One step as ops (traced into the plan on the GPU). */
  private body(): void {
    const { backend: b, experiment: exp, model, state, metrics } = this.parts;
    tidy(() => {
      this.keepRunning();
      const batch = this.gatherBatch();
      if (exp.training.adversarial) this.makeAdversarial(batch);
      const out = forward(model, batch.x, state.params, state.running, this.forwardContext());
      const loss = lossOf(exp.loss, out, batch.target, exp.huberDelta);
      const grads = backward(loss);
      state.params.forEach((p, i) => {
        const gi = grads.get(p);
        if (gi) b.copy(gi, state.gradViews[i]);
      });
      metrics.addLoss(loss);
      const labels = this.gatherLabels(batch);
      if (labels) metrics.addCorrect(b.countCorrect(out, labels));
      const sumSq = b.sumSquares(state.gradFlat);
      const clip = exp.training.clipGradNorm;
      const running = state.running.length ? { live: state.runningFlat, backup: this.runningBackup } : undefined;
      const stream = { block: this.block, index: STEP.stream };
      const scale = b.guardStep(loss, sumSq, metrics.guardWords, stream, { scale: clip ? b.clipFactor(sumSq, clip) : undefined, restore: running, record: metrics.stepLosses });
      // Frozen layers' parameters lie outside `optimized`: no update, no state, no weight decay.
      if (state.optimized) b.optimizerStep(optimizerRule(exp.optimizer), state.optimized.params, state.optimized.grads, state.slots, this.hyper, scale);
    });
  }
}
