// The trainer: builds the model from an experiment, puts the data and the training state on
// the device, compiles the training step (step.ts) and runs the loop: metrics streamed
// back without stalls (metrics-stream.ts), throughput over a window (throughput.ts),
// evaluation and gradient health once per `evalEvery` epochs (evaluation.ts), early
// stopping and the target loss (stopping.ts).
import type { Backend } from '../engine/backend';
import type { Split } from '../data/types';
import { buildModel, type Model } from '../nn/model';
import type { ShapeReport } from '../nn/shapes';
import type { Experiment } from '../spec';
import { uploadSplit, type DeviceData } from './device-data';
import { evaluatesAfter, Evaluator, type TestMetrics } from './evaluation';
import { MetricsStream } from './metrics-stream';
import { nonFiniteError, stopAtFlaggedStep } from './non-finite';
import { learningRateAt } from './schedule';
import { TrainingStep } from './step';
import { StoppingRules } from './stopping';
import { ThroughputWindow } from './throughput';
import { TrainingState, type SavedTrainingState } from './training-state';
import type { NamedTensor } from './safetensors';
import { finalMetrics, freshTotals, heldStorage } from './run-totals';
import { GpuFaultError, NonFiniteError, type EvalMetrics, type FinalMetrics, type LiveHyper, type TrainEvent } from './types';

export interface TrainerOptions {
  backend: Backend;
  split: Split;
  onEvent(e: TrainEvent): void;
  /** Steps between progress reports (and metric readbacks). */
  progressEvery?: number;
  /**
   * Receives each checkpoint: at every evaluation, at every pause, and on a NaN/Inf stop
   * (then the last good one again, which the trainer has just restored).
   */
  onCheckpoint?(checkpoint: SavedTrainingState, reason: CheckpointReason): void;
}

export type CheckpointReason = 'eval' | 'pause' | 'nonFinite';

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
  private hyper: Required<LiveHyper>;
  private totals = freshTotals();
  private paused = false;
  private running = false;
  /** The latest checkpoint known to be good: the state a NaN/Inf stop returns to. */
  private lastGood: SavedTrainingState | null = null;
  /** A checkpoint whose copies are still travelling from the device. */
  private pendingCheckpoint: Promise<void> | null = null;
  /** The step guard stopped the run and rewound the state to the step before the flagged one. */
  private rewound = false;
  /** Whether lastGood is the state the guard left at a NaN/Inf stop (the brink of a divergence). */
  private lastGoodAtStop = false;
  /** The latest checkpoint of an evaluation, a pause or the start: where a repeated stop goes back to. */
  private lastSafe: SavedTrainingState | null = null;

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
    });
    this.evaluator = new Evaluator(b, experiment, this.model, this.data, this.state);
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
    await this.metrics.drain();
    await this.pendingCheckpoint;
    return this.saveState();
  }

  /** Continues from a saved state: the next steps are those the saved run would have taken. */
  async restore(saved: SavedTrainingState): Promise<void> {
    if (this.running) throw new Error('Pause training before restoring a state.');
    await this.metrics.drain();
    await this.pendingCheckpoint;
    this.state.restore(saved);
    this.stopping.restore(saved.stopping);
    this.afterStateChange();
    this.lastGood = this.lastSafe = saved;
    this.lastGoodAtStop = false;
    await this.backend.sync();
  }

  /** The latest good checkpoint (null before the first evaluation or pause of a fresh run). */
  get lastCheckpoint(): SavedTrainingState | null {
    return this.lastGood;
  }

  /** Test loss and accuracy (or MSE) over the whole test set; one readback. */
  evaluate(): Promise<TestMetrics> {
    return this.evaluator.evaluate();
  }

  // ---- the loop -------------------------------------------------------------------------

  /** Trains until done, paused or stopped. Returns the final metrics when training ended. */
  async run(): Promise<FinalMetrics | null> {
    if (this.running) throw new Error('Training is already running.');
    this.running = true;
    this.paused = false;
    const started = performance.now();
    this.rates.restart(started, this.state.step, this.backend.counters());
    let lastYield = started;
    // A fresh run's last good state is its start, so a NaN before the first evaluation
    // still has somewhere to go back to.
    if (!this.lastGood) this.lastGood = this.lastSafe = await this.saveState();
    try {
      while (!this.paused && this.state.step < this.totalSteps && !this.stopping.reason) {
        const index = this.state.step;
        const lastOfEpoch = (index + 1) % this.stepsPerEpoch === 0;
        const evalNow = evaluatesAfter(index, this.stepsPerEpoch, this.totalSteps, this.experiment.training.evalEvery);
        await this.runStep(this.metrics.stepsSinceRead + 1 >= this.progressEvery || lastOfEpoch, evalNow);
        await this.throwFailure();
        if (evalNow) {
          await this.metrics.drain(); // the queued steps are training time
          await this.throwFailure();
          const paused = performance.now();
          await this.evaluateAndReport();
          this.checkpoint('eval');
          this.rates.skip(performance.now() - paused);
        }
        if (performance.now() - lastYield > YIELD_EVERY_MS) lastYield = await yieldToEvents();
      }
      await this.metrics.drain();
      await this.throwFailure();
      await this.pendingCheckpoint;
    } catch (e) {
      if (e instanceof NonFiniteError) await this.backToLastGood();
      throw e;
    } finally {
      this.totals.trainSeconds += (performance.now() - started) / 1000;
      this.running = false;
    }
    if (this.paused && this.state.step < this.totalSteps && !this.stopping.reason) {
      if (this.lastGood?.step !== this.state.step) this.checkpoint('pause');
      await this.pendingCheckpoint;
      return null;
    }
    return this.final();
  }

  /** One optimizer step (one batch), with its metrics reported. */
  async step(): Promise<void> {
    if (this.running || this.state.step >= this.totalSteps) return;
    this.running = true;
    try {
      this.rates.restart(performance.now(), this.state.step, this.backend.counters());
      await this.runStep(true, false);
      await this.metrics.drain();
      await this.throwFailure();
    } finally {
      this.running = false;
    }
  }

  pause(): void {
    this.paused = true;
  }

  /** Back to the seed's initial weights and step 0 (the compiled step is kept). */
  async reset(): Promise<void> {
    this.pause();
    await this.metrics.drain();
    await this.pendingCheckpoint;
    this.state.reset(this.experiment.seed);
    this.afterStateChange();
    this.lastGood = this.lastSafe = null;
    this.lastGoodAtStop = false;
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
    const rates = this.rates.stamp(performance.now(), step, this.backend.counters());
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

  /**
   * Starts a checkpoint: the copies are issued now and travel while the loop goes on. It
   * counts as good only when every value is finite (the loss guard reads lag the steps).
   */
  private checkpoint(reason: CheckpointReason): void {
    const previous = this.pendingCheckpoint;
    const saving = this.saveState();
    this.pendingCheckpoint = (async () => {
      await previous;
      const saved = await saving;
      if (!stateIsFinite(saved)) return;
      this.lastGood = saved;
      this.lastSafe = saved;
      this.lastGoodAtStop = false;
      this.opts.onCheckpoint?.(saved, reason);
    })();
    // Awaited by the loop (which reports a failure); never an unhandled rejection meanwhile.
    this.pendingCheckpoint.catch(() => {});
  }

  /** The training state with early stopping's memory; the copies are issued at once. */
  private saveState(): Promise<SavedTrainingState> {
    const stopping = this.stopping.save();
    return this.state.save().then((s) => ({ ...s, stopping }));
  }

  /**
   * After a NaN/Inf stop, the last good state, ready to resume. When the step guard stopped
   * the run, the state already is the step before the flagged one (the guard made the bad
   * step change nothing): that state is the checkpoint. Otherwise (a test loss went
   * non-finite) the last good checkpoint goes back on the device.
   */
  private async backToLastGood(): Promise<void> {
    await this.metrics.drain().catch(() => {});
    await this.pendingCheckpoint?.catch(() => {});
    if (this.rewound) {
      this.rewound = false;
      const saved = await this.saveState();
      // NOTE: a divergence usually builds up over many steps, so the last good step may be on
      // the brink: resumed from it, the next step can go non-finite again at once, whatever
      // the new learning rate. Then the run goes back to the last evaluation (or pause)
      // instead, from before the divergence began.
      const stuck = this.lastGoodAtStop && this.lastGood?.step === saved.step && this.lastSafe !== null;
      if (stateIsFinite(saved) && !stuck) {
        this.lastGood = saved;
        this.lastGoodAtStop = true;
        this.opts.onCheckpoint?.(saved, 'nonFinite');
        return;
      }
      this.lastGood = this.lastSafe;
    }
    this.lastGoodAtStop = false;
    if (!this.lastGood) return;
    this.state.restore(this.lastGood);
    this.stopping.restore(this.lastGood.stopping);
    this.afterStateChange();
    this.totals.failure = null;
    this.opts.onCheckpoint?.(this.lastGood, 'nonFinite');
    await this.backend.sync();
  }

  /** The reset or restored state is on the device: forget what belonged to the old one. */
  private afterStateChange(): void {
    this.metrics.reset();
    this.evaluator.reset();
  }

  /** Throws the NonFiniteError of a failure a metric read saw. */
  private async throwFailure(): Promise<void> {
    const f = this.totals.failure;
    if (!f) return;
    if ('gpuFault' in f) throw new GpuFaultError(f.gpuFault, this.state.step);
    if ('message' in f) throw await nonFiniteError(this.backend, this.model, this.state, f.message);
    this.totals.failure = null; // the state is rewound to the last good step
    this.rewound = true;
    throw await stopAtFlaggedStep(this.step_.parts, this.step_, this.metrics, f.flaggedStep, this.hyper);
  }

  private async evaluateAndReport(): Promise<EvalMetrics> {
    const result = await this.evaluator.evaluate();
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
    this.stopping.observe(metrics);
    return metrics;
  }

  private async final(): Promise<FinalMetrics> {
    const t = this.totals;
    const last = t.lastEval && t.lastEval.step === this.state.step ? t.lastEval : await this.evaluateAndReport();
    return finalMetrics(t, last, this.state.step, this.stepsPerEpoch, this.stopping.reason ?? 'completed');
  }
}

function stateIsFinite(saved: SavedTrainingState): boolean {
  const all = [...saved.params, ...saved.optimizer.flat(), ...saved.running];
  return all.every((a) => a.every((v) => Number.isFinite(v)));
}
