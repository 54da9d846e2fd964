// The trainer: builds the model from an experiment, puts the data and the training state on
// the device, compiles the training step (step.ts) and runs the loop: metrics streamed
// back without stalls (metrics-stream.ts), throughput over a window (throughput.ts),
// evaluation and gradient health once per `evalEvery` epochs (evaluation.ts), early
// stopping and the target loss (stopping.ts).
import type { Backend, Counters } from '../engine/backend';
import type { Tensor } from '../engine/tensor';
import type { Split } from '../data/types';
import { buildModel, type Model } from '../nn/model';
import type { ShapeReport } from '../nn/shapes';
import type { Experiment } from '../spec';
import { uploadSplit, type DeviceData } from './device-data';
import { evaluatesAfter, Evaluator, type TestMetrics, type TestOutputs } from './evaluation';
import { Inspector } from './inspect';
import { MetricsStream } from './metrics-stream';
import { nonFiniteError, stopAtFlaggedStep } from './non-finite';
import { learningRateAt } from './schedule';
import { TrainingStep } from './step';
import { StoppingRules } from './stopping';
import { ThroughputWindow } from './throughput';
import { TrainingState, type SavedTrainingState } from './training-state';
import type { NamedTensor } from './safetensors';
import { finalMetrics, freshTotals, heldStorage } from './run-totals';
import { inputBoxOf, type Attack, type AttackTarget } from './adversarial';
import { robustAccuracy, type RobustAccuracy } from './robustness';
import { attackSample, type AttackedSample } from './attack-sample';
import { isImage } from '../data/types';
import { findLearningRate, type LrFinderOptions, type LrFinderPoint, type LrFinderResult } from './lr-finder';
import { GpuFaultError, type EvalMetrics, type FinalMetrics, type LiveHyper, type TrainEvent } from './types';

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
}

/** How often the loop lets the worker (or Node) handle messages such as Pause, in ms. */
const YIELD_EVERY_MS = 50;

/** Lets pending messages and timers run (even on the CPU backend); returns the time after. */
const yieldToEvents = () => new Promise<number>((r) => setTimeout(() => r(performance.now()), 0));

export class Trainer {
  readonly summary: ShapeReport;
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  readonly batchSize: number;
  readonly model: Model;

  private readonly backend: Backend;
  private readonly data: DeviceData;
  private readonly state: TrainingState;
  private readonly metrics: MetricsStream;
  private readonly step_: TrainingStep;
  private readonly evaluator: Evaluator;
  private readonly stopping: StoppingRules;
  private readonly rates: ThroughputWindow;
  private readonly inspector: Inspector;
  /** Inspections asked for while the loop runs: they run between two steps. */
  private inspections: (() => Promise<void>)[] = [];
  private hyper: Required<LiveHyper>;
  private totals = freshTotals();
  private paused = false;
  private running = false;
  private readonly outsideWork: Counters = { dispatches: 0, submits: 0, readbacks: 0 };

  private constructor(
    readonly experiment: Experiment,
    private readonly opts: TrainerOptions,
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
    this.stopping = new StoppingRules(experiment.training);
    this.rates = new ThroughputWindow(this.batchSize, this.model.summary.totalFlops);
    const o = experiment.optimizer;
    this.hyper = { lr: o.lr, momentum: o.momentum ?? 0, weightDecay: o.weightDecay ?? 0 };
  }

  static async create(experiment: Experiment, opts: TrainerOptions): Promise<Trainer> {
    const t = new Trainer(experiment, opts);
    t.state.reset(experiment.seed);
    await t.backend.sync();
    return t;
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

  exportWeights(): Promise<NamedTensor[]> {
    return this.state.exportWeights();
  }

  /** The training state as plain data (weights, optimizer state, running statistics, counters). */
  async save(): Promise<SavedTrainingState> {
    if (this.running) throw new Error('Pause training before saving its state.');
    return this.save_();
  }

  /** Continues from a saved state: the next steps are those the saved run would have taken. */
  async restore(saved: SavedTrainingState): Promise<void> {
    if (this.running) throw new Error('Pause training before restoring a state.');
    await this.restore_(saved);
  }

  /**
   * The learning-rate range test (lr-finder.ts) from the current state, which is saved
   * before and restored after: weights, optimizer state, statistics and step counter are
   * bit for bit as before. Each sweep step reads its loss back (the sweep is not training).
   */
  async findLearningRate(options: LrFinderOptions = {}, onPoint?: (p: LrFinderPoint, index: number) => void): Promise<LrFinderResult> {
    if (this.running) throw new Error('Pause training before finding a learning rate.');
    this.running = true;
    try {
      // The sweep's first step must not add to a window the loop left open (a pause).
      const save = async () => { const saved = await this.save_(); this.metrics.reset(); return saved; };
      return await findLearningRate({ save, restore: (s) => this.restore_(s), stepAt: (lr) => this.stepAt(lr) }, options, onPoint);
    } finally {
      this.running = false;
      await this.runInspections();
    }
  }

  /**
   * Runs `fn` on the inspector (layer outputs, predictions, parameters) at once when the
   * loop is idle, or between two of its steps while it runs: never inside a step.
   */
  inspect<T>(fn: (inspector: Inspector) => Promise<T>): Promise<T> {
    if (!this.running) return fn(this.inspector);
    return new Promise<T>((resolve, reject) => {
      this.inspections.push(() => fn(this.inspector).then(resolve, reject));
    });
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

  /**
   * Test loss and accuracy (or MSE) over the whole test set (or, with 'train', the training
   * set in eval mode); one readback.
   */
  evaluate(which: 'test' | 'train' = 'test'): Promise<TestMetrics> {
    return this.evaluator.evaluate(which);
  }

  /**
   * Test accuracy, clean and under `attack` (robustness.ts), with the current weights; runs
   * between two steps when the loop is running, like an inspection.
   */
  robustness(attack: Attack): Promise<RobustAccuracy> {
    return this.inspect(() => robustAccuracy(this.backend, this.attackTarget(), this.data.test, this.data.testOrder, attack));
  }

  /** One normalised input of class `label` under `attack` (attack-sample.ts), between steps. */
  attackSample(x: ArrayLike<number>, label: number, attack: Attack): Promise<AttackedSample> {
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
   * The parameter and state tensors in model order, for eager eval-mode forwards between
   * steps (the decision boundary, src/worker/probe.ts). Read them; never write.
   */
  get weights(): { params: readonly Tensor[]; state: readonly Tensor[] } {
    return { params: this.state.params, state: this.state.running };
  }

  /**
   * Work done on this backend outside the step (views such as the decision boundary): left
   * out of the per-step dispatch, submit and readback counts that progress reports.
   */
  excludeFromCounters(work: Counters): void {
    this.outsideWork.dispatches += work.dispatches;
    this.outsideWork.submits += work.submits;
    this.outsideWork.readbacks += work.readbacks;
  }

  /** The backend's counters less the work done outside the step. */
  private stepCounters(): Counters {
    const c = this.backend.counters();
    const o = this.outsideWork;
    return { dispatches: c.dispatches - o.dispatches, submits: c.submits - o.submits, readbacks: c.readbacks - o.readbacks };
  }

  // ---- the loop -------------------------------------------------------------------------

  /** Trains until done, paused or stopped. Returns the final metrics when training ended. */
  async run(): Promise<FinalMetrics | null> {
    if (this.running) throw new Error('Training is already running.');
    this.running = true;
    this.paused = false;
    const started = performance.now();
    // The window opens once the run's first step is queued (see throughput.ts).
    this.rates.clear();
    let first = true;
    let lastYield = started;
    try {
      while (!this.paused && this.state.step < this.totalSteps && !this.stopping.reason) {
        const index = this.state.step;
        const lastOfEpoch = (index + 1) % this.stepsPerEpoch === 0;
        const evalNow = evaluatesAfter(index, this.stepsPerEpoch, this.totalSteps, this.experiment.training.evalEvery);
        await this.runStep(this.metrics.stepsSinceRead + 1 >= this.progressEvery || lastOfEpoch, evalNow);
        if (first && !this.rates.open) this.rates.restart(performance.now(), this.state.step, this.stepCounters());
        first = false;
        await this.throwFailure();
        if (evalNow) {
          await this.metrics.drain(); // the queued steps are training time
          await this.throwFailure();
          const paused = performance.now();
          const before = this.backend.counters();
          await this.evaluateAndReport();
          const after = this.backend.counters();
          this.rates.skip(performance.now() - paused, {
            dispatches: after.dispatches - before.dispatches, submits: after.submits - before.submits, readbacks: after.readbacks - before.readbacks,
          });
        }
        if (this.inspections.length) await this.runInspections();
        if (performance.now() - lastYield > YIELD_EVERY_MS) lastYield = await yieldToEvents();
      }
      await this.metrics.drain();
      await this.throwFailure();
    } finally {
      this.totals.trainSeconds += (performance.now() - started) / 1000;
      this.running = false;
      await this.runInspections();
    }
    if (this.paused && this.state.step < this.totalSteps && !this.stopping.reason) return null;
    return this.final();
  }

  /** One optimizer step (one batch), with its metrics reported. */
  async step(): Promise<void> {
    if (this.running || this.state.step >= this.totalSteps) return;
    this.running = true;
    try {
      // A single step is not throughput: its report is untimed, and the next run's window
      // must not reach back to this press.
      this.rates.clear();
      await this.runStep(true, false);
      await this.metrics.drain();
      await this.throwFailure();
    } finally {
      this.rates.clear();
      this.running = false;
      await this.runInspections();
    }
  }

  pause(): void {
    this.paused = true;
  }

  /** Back to the seed's initial weights and step 0 (the compiled step is kept). */
  async reset(): Promise<void> {
    this.pause();
    await this.metrics.drain();
    this.state.reset(this.experiment.seed);
    this.metrics.reset();
    this.evaluator.reset();
    this.stopping.reset();
    this.totals = freshTotals();
    // NOTE: live hyperparameters (setHyper) stay: they are the user's current settings,
    // and Reset means "back to the seed's initial weights", not "forget my edits".
    await this.backend.sync();
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

  dispose(): void {
    this.pause();
    this.step_.dispose();
    this.data.dispose();
    this.state.dispose();
    this.metrics.dispose();
    this.evaluator.dispose();
  }

  // ---- internals ------------------------------------------------------------------------

  /**
   * Runs the next step; with `read`, its metric window is read back in the step's own
   * submit and reported when it arrives (at most MAX_INFLIGHT_READS reads in flight).
   */
  private async runStep(read: boolean, measureHealth: boolean): Promise<void> {
    const s = this.state;
    const index = s.step;
    this.step_.prepare(index, this.hyper);
    s.epoch = Math.floor(index / this.stepsPerEpoch);
    if (measureHealth) this.evaluator.keepParamsBeforeStep();
    const values = this.step_.run(read ? this.metrics.buffer : undefined);
    s.step++;
    this.metrics.stepsSinceRead++;
    this.totals.samplesTrained += this.batchSize;
    if (!values) return;
    const steps = this.metrics.closeWindow();
    const step = s.step;
    const epoch = s.epoch + 1;
    const lr = learningRateAt(this.experiment.schedule, this.hyper.lr, step - 1, this.totalSteps);
    // Throughput is stamped when the read is issued: the loop never runs more than
    // MAX_INFLIGHT_READS reads ahead of the GPU, so issue times follow its pace, while
    // resolution times bunch up (reads resolve together when the event loop polls).
    const rates = this.rates.stamp(performance.now(), step, this.stepCounters());
    await this.metrics.track(
      values.then((v) => {
        const fault = this.backend.gpuFault(); // after a GPU error no number read back is real
        if (fault) return void (this.totals.failure ??= { gpuFault: fault });
        const m = this.metrics.decode(v, steps);
        if (m.guard.flagged) this.totals.failure ??= { flaggedStep: m.guard.step };
        else if (!Number.isFinite(m.trainLoss)) this.totals.failure ??= { message: `The training loss became ${m.trainLoss} by step ${step}.` };
        if (this.totals.failure) return;
        this.totals.lastTrainLoss = m.trainLoss;
        if (m.trainAccuracy !== undefined) this.totals.lastTrainAccuracy = m.trainAccuracy;
        this.opts.onEvent({ kind: 'progress', epoch, step, trainLoss: m.trainLoss, lr, ...rates, ...heldStorage(this.backend) });
      }),
    );
  }

  private async save_(): Promise<SavedTrainingState> {
    await this.metrics.drain();
    return this.state.save();
  }

  private async restore_(saved: SavedTrainingState): Promise<void> {
    await this.metrics.drain();
    this.state.restore(saved);
    this.metrics.reset();
    this.evaluator.reset();
    await this.backend.sync();
  }

  /** One step at exactly `lr` (no schedule, no progress event); its loss, read back at once. */
  private async stepAt(lr: number): Promise<number> {
    const s = this.state;
    const index = s.step;
    this.step_.prepare(index, this.hyper, lr);
    s.epoch = Math.floor(index / this.stepsPerEpoch);
    this.metrics.stepsSinceRead++;
    const values = this.step_.run(this.metrics.buffer);
    s.step++;
    const steps = this.metrics.closeWindow();
    const m = this.metrics.decode(await values!, steps);
    // A step whose loss or gradients went non-finite is flagged by the step guard: the sweep ends there.
    return m.guard.flagged ? NaN : m.trainLoss;
  }

  /** Runs the inspections asked for during the loop (their time is not training time). */
  private async runInspections(): Promise<void> {
    const started = performance.now();
    while (this.inspections.length) await this.inspections.shift()!();
    this.rates.skip(performance.now() - started);
  }

  /** Throws the NonFiniteError of a failure a metric read saw. */
  private async throwFailure(): Promise<void> {
    const f = this.totals.failure;
    if (!f) return;
    if ('gpuFault' in f) throw new GpuFaultError(f.gpuFault, this.state.step);
    if ('message' in f) throw await nonFiniteError(this.backend, this.model, this.state, f.message);
    this.totals.failure = null; // the state is rewound to the last good step
    throw await stopAtFlaggedStep(this.step_.parts, this.step_, this.metrics, f.flaggedStep, this.hyper);
  }

  private async evaluateAndReport(): Promise<EvalMetrics> {
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

  private async final(): Promise<FinalMetrics> {
    const t = this.totals;
    const last = t.lastEval && t.lastEval.step === this.state.step ? t.lastEval : await this.evaluateAndReport();
    return finalMetrics(t, last, this.state.step, this.stepsPerEpoch, this.stopping.reason ?? 'completed');
  }
}
