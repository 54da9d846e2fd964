// What a trainer is made of, and what can be read from it between steps: the model built
// from the experiment, the data and the training state on the device, the compiled step,
// the metrics stream, evaluation (and its report), stopping rules, throughput and the inspector. The loop
// itself, checkpoints and failures are trainer.ts (Trainer extends this).
import type { Backend, Counters } from '../engine/backend';
import type { Tensor } from '../engine/tensor';
import type { Split } from '../data/types';
import { buildModel, type Model } from '../nn/model';
import type { ShapeReport } from '../nn/shapes';
import type { Experiment } from '../spec';
import type { CheckpointReason } from './checkpoint-keeper';
import { uploadSplit, type DeviceData } from './device-data';
import { Evaluator, type TestMetrics, type TestOutputs } from './evaluation';
import { Inspector } from './inspect';
import { InspectionQueue } from './inspection-queue';
import { MetricsStream, STEP_LOSS_SLOTS } from './metrics-stream';
import { TrainingStep } from './step';
import { StoppingRules } from './stopping';
import { StepCounters, ThroughputWindow } from './throughput';
import { TrainingState, type SavedTrainingState } from './training-state';
import type { NamedTensor } from './safetensors';
import { inputBoxOf, type Attack, type AttackTarget } from './adversarial';
import { robustAccuracy, type RobustAccuracy } from './robustness';
import { attackSample, type AttackedSample } from './attack-sample';
import { isImage } from '../data/types';
import type { WeightsReport } from './weights-import';
import type { EvalMetrics, FinalMetrics, LiveHyper, TrainEvent } from './types';
import { finalMetrics, freshTotals } from './run-totals';
import { nonFiniteError } from './non-finite';

import type { KernelSample } from './kernel-sampler';

export interface TrainerOptions {
  backend: Backend;
  split: Split;
  onEvent(e: TrainEvent): void;
  /** Steps between progress reports (and metric readbacks). */
  progressEvery?: number;
  /**
   * Called after each evaluation's report, before the next step, with the test outputs of
   * that evaluation's own pass when `keepTestOutputs` (classification results, histograms:
   * per-evaluation work only; the loop waits for it and does not count it as training).
   */
  onEvaluated?(metrics: EvalMetrics, outputs: TestOutputs | null, inspector: Inspector): Promise<void> | void;
  keepTestOutputs?: boolean;
  /**
   * Receives each checkpoint: at every evaluation, at every pause, and on a NaN/Inf stop
   * (then the last good one, which the trainer has just put back).
   */
  onCheckpoint?(checkpoint: SavedTrainingState, reason: CheckpointReason): void;
  /**
   * The loss of each of the first min(100, totalSteps) steps (the k-th step's batch before its
   * update, k from 1), once, when a run from step 0 has taken them: recorded on the device
   * by the step itself and read back in one read.
   */
  onStepLosses?(losses: { step: number; loss: number }[]): void;
  /** Times one step kernel by kernel every this many steps (kernel-sampler.ts); off when absent or 0. */
  kernelSampleEvery?: number;
  onKernelSample?(sample: KernelSample): void;
}

export abstract class TrainerCore {
  readonly summary: ShapeReport;
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  readonly batchSize: number;
  readonly model: Model;

  protected readonly backend: Backend;
  protected readonly data: DeviceData;
  protected readonly state: TrainingState;
  protected readonly metrics: MetricsStream;
  protected readonly step_: TrainingStep;
  protected readonly evaluator: Evaluator;
  protected readonly stopping: StoppingRules;
  protected readonly rates: ThroughputWindow;
  protected readonly counters: StepCounters;
  protected readonly inspector: Inspector;
  protected readonly inspections: InspectionQueue;
  protected hyper: Required<LiveHyper>;
  protected running = false;
  /** What the run has done so far and how it ended (run-totals.ts). */
  protected totals = freshTotals();

  protected constructor(
    readonly experiment: Experiment,
    protected readonly opts: TrainerOptions,
  ) {
    const b = opts.backend;
    const { split } = opts;
    this.backend = b;
    this.model = buildModel(split.train.inputShape, experiment.model.layers);
    this.summary = this.model.summary;
    this.batchSize = Math.min(experiment.training.batchSize, split.train.n);
    this.stepsPerEpoch = Math.max(1, Math.floor(split.train.n / this.batchSize));
    this.totalSteps = this.stepsPerEpoch * experiment.training.epochs;
    this.data = uploadSplit(b, split, experiment.loss);
    this.state = new TrainingState(b, this.model, experiment.optimizer);
    this.metrics = new MetricsStream(b, this.batchSize, this.data.train.labels !== null);
    this.step_ = new TrainingStep({
      backend: b, experiment, model: this.model, data: this.data, state: this.state, metrics: this.metrics,
      batchSize: this.batchSize, stepsPerEpoch: this.stepsPerEpoch, totalSteps: this.totalSteps,
      inputBox: inputBoxOf(isImage(split.train), split.stats),
    });
    this.evaluator = new Evaluator(b, experiment, this.model, this.data, this.state);
    this.inspector = new Inspector(b, this.model, this.data, this.state, experiment.seed);
    this.inspections = new InspectionQueue(this.inspector);
    this.stopping = new StoppingRules(experiment.training);
    this.rates = new ThroughputWindow(this.batchSize, this.model.summary.trainingFlops);
    this.counters = new StepCounters(() => b.counters());
    const o = experiment.optimizer;
    this.hyper = { lr: o.lr, momentum: o.momentum ?? 0, weightDecay: o.weightDecay ?? 0 };
  }

  get progressEvery(): number {
    return this.opts.progressEvery ?? Math.max(1, Math.min(10, this.stepsPerEpoch));
  }

  get stepsDone(): number {
    return this.state.step;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Replaces the parameters (in model order), e.g. to start from known weights. */
  setWeights(values: ArrayLike<number>[]): void {
    this.state.setWeights(values);
  }

  /** Loads the matching tensors of a weights file (weights-import.ts); between runs only. */
  async loadWeights(file: readonly NamedTensor[]): Promise<WeightsReport> {
    if (this.running) throw new Error('Pause training before loading weights.');
    const report = this.state.loadWeights(file);
    await this.backend.sync();
    return report;
  }

  exportWeights(): Promise<NamedTensor[]> {
    return this.state.exportWeights();
  }

  /**
   * Runs `fn` on the inspector (layer outputs, predictions, parameters) at once when the
   * loop is idle, or between two of its steps while it runs: never inside a step.
   */
  inspect<T>(fn: (inspector: Inspector) => Promise<T>): Promise<T> {
    return this.inspections.ask(!this.running, fn);
  }

  /**
   * Test accuracy, clean and under `attack` (robustness.ts), with the current weights; runs
   * between two steps when the loop is running, like an inspection.
   */
  robustness(attack: Attack): Promise<RobustAccuracy> {
    return this.inspect(() => robustAccuracy(this.backend, this.attackTarget(), this.data.test, this.data.testOrder, attack));
  }

  /**
   * One normalised input of class `label` under `attack` (attack-sample.ts), between steps;
   * a null label attacks the model's own clean prediction (a drawn image has no label).
   */
  attackSample(x: ArrayLike<number>, label: number | null, attack: Attack): Promise<AttackedSample> {
    return this.inspect(() => attackSample(this.backend, this.attackTarget(), x, label, attack));
  }

  /** The model, weights, loss and input box that attacks on this trainer's data use. */
  attackTarget(): AttackTarget {
    const exp = this.experiment;
    return {
      model: this.model,
      weights: { params: this.state.params, state: this.state.running },
      loss: { loss: exp.loss, huberDelta: exp.huberDelta, seed: exp.seed },
      box: this.step_.parts.inputBox,
    };
  }

  /**
   * GPU milliseconds of every dispatch of the compiled step, by kernel (timestamp queries),
   * or null (the CPU, adapters without them, no step run yet). This runs the step once
   * more, so its weights move: for measuring trainers (src/worker/speed.ts), not a user's run.
   */
  async kernelTimes(): Promise<Record<string, number> | null> {
    if (this.running) throw new Error('Pause training before timing its kernels.');
    await this.metrics.drain();
    return this.step_.kernelTimes();
  }

  /** Test loss and accuracy (or MSE) over the test set (or, with 'train', the training set in eval mode); one readback. */
  evaluate(which: 'test' | 'train' = 'test'): Promise<TestMetrics> {
    return this.evaluator.evaluate(which);
  }

  /**
   * The parameter and state tensors in model order, for eager eval-mode forwards between
   * steps (the decision boundary, src/worker/probe.ts). Read them; never write.
   */
  get weights(): { params: readonly Tensor[]; state: readonly Tensor[] } {
    return { params: this.state.params, state: this.state.running };
  }

  /** The first steps' losses were read, or cannot be (a run resumed past step 0 lacks the early ones). */
  protected stepLossesRead = false;

  /** After step `step`: the one read of the first steps' losses when they are all in (not counted as the step's work). */
  protected async maybeReadStepLosses(step: number): Promise<void> {
    const count = Math.min(STEP_LOSS_SLOTS, this.totalSteps);
    if (!this.opts.onStepLosses || this.stepLossesRead || step !== count) return;
    this.stepLossesRead = true;
    const before = this.backend.counters();
    const read = this.backend.read(this.metrics.stepLosses);
    const after = this.backend.counters();
    this.excludeFromCounters({ dispatches: after.dispatches - before.dispatches, submits: after.submits - before.submits, readbacks: after.readbacks - before.readbacks });
    await this.metrics.track(read.then((v) => {
      this.opts.onStepLosses?.(Array.from(v.subarray(0, count), (loss, i) => ({ step: i + 1, loss })));
    }));
  }

  /** Work done on this backend outside the step (the decision boundary): left out of the per-step counts. */
  excludeFromCounters(work: Counters): void {
    this.counters.exclude(work);
  }

  /** Changes live hyperparameters from the next step on, and reports each change. */
  setHyper(h: LiveHyper): void {
    for (const field of ['lr', 'momentum', 'weightDecay'] as const) {
      const v = h[field];
      if (v === undefined || v === this.hyper[field]) continue;
      this.hyper[field] = v;
      this.opts.onEvent({ kind: 'hyper', step: this.state.step, field, value: v });
    }
  }

  /** The test-set evaluation after a step: reported, handed to the views, watched by the stopping rules. */
  protected async evaluateAndReport(): Promise<EvalMetrics> {
    const { outputs, ...result } = await this.evaluator.evaluate('test', this.opts.keepTestOutputs === true);
    const fault = this.backend.gpuFault();
    if (fault) this.totals.failure ??= { gpuFault: fault };
    await this.throwFailure();
    const layers = this.state.step > 0 ? await this.evaluator.health() : [];
    const t = this.totals;
    const metrics: EvalMetrics = {
      kind: 'eval',
      epoch: this.state.epoch + 1,
      step: this.state.step,
      trainLoss: t.lastTrainLoss,
      ...result,
      ...(t.lastTrainAccuracy !== undefined ? { trainAccuracy: t.lastTrainAccuracy } : {}),
      layers,
    };
    t.lastEval = metrics;
    this.opts.onEvent(metrics);
    if (!Number.isFinite(result.testLoss)) throw await nonFiniteError(this.backend, this.model, this.state, `The test loss became ${result.testLoss}.`);
    await this.opts.onEvaluated?.(metrics, outputs ?? null, this.inspector);
    this.stopping.observe(metrics);
    return metrics;
  }

  /** The run's final metrics (the last evaluation, made now unless one was made at this step). */
  protected async final(): Promise<FinalMetrics> {
    const t = this.totals;
    const last = t.lastEval && t.lastEval.step === this.state.step ? t.lastEval : await this.evaluateAndReport();
    return finalMetrics(t, last, this.state.step, this.stepsPerEpoch, this.stopping.reason ?? 'completed');
  }

  /** Throws what a metric read or an evaluation found wrong (trainer.ts: NaN/Inf, GPU faults). */
  protected abstract throwFailure(): Promise<void>;

  abstract pause(): void;

  dispose(): void {
    this.pause();
    this.step_.dispose();
    this.data.dispose();
    this.state.dispose();
    this.metrics.dispose();
    this.evaluator.dispose();
  }
}
