// The trainer's loop (the parts it drives are trainer-core.ts): steps with metrics streamed
// back without stalls (metrics-stream.ts), throughput over a window (throughput.ts),
// evaluation and gradient health once per `evalEvery` epochs (evaluation.ts), early
// stopping and the target loss (stopping.ts), checkpoints at every evaluation, pause and
// NaN/Inf stop (checkpoint-keeper.ts), inspections between steps (inspection-queue.ts), the
// learning-rate finder (lr-finder.ts).
import type { Experiment } from '../spec';
import { CheckpointKeeper } from './checkpoint-keeper';
import { evaluatesAfter } from './evaluation';
import { nonFiniteError, stopAtFlaggedStep } from './non-finite';
import { learningRateAt } from './schedule';
import { countersBetween } from './throughput';
import type { SavedTrainingState } from './training-state';
import { freshTotals, heldStorage } from './run-totals';
import { findLearningRate, type LrFinderOptions, type LrFinderPoint, type LrFinderResult } from './lr-finder';
import { TrainerCore, type TrainerOptions } from './trainer-core';
import { KernelSampler } from './kernel-sampler';
import { GpuFaultError, NonFiniteError, type FinalMetrics } from './types';

export type { CheckpointReason } from './checkpoint-keeper';
export type { TrainerOptions } from './trainer-core';

/** How often the loop lets the worker (or Node) handle messages such as Pause, in ms. */
const YIELD_EVERY_MS = 50;

/** Lets pending messages and timers run (even on the CPU backend); returns the time after. */
const yieldToEvents = () => new Promise<number>((r) => setTimeout(() => r(performance.now()), 0));

export class Trainer extends TrainerCore {
  private readonly checkpoints: CheckpointKeeper;
  private paused = false;
  /** The step guard stopped the run and rewound the state to the step before the flagged one. */
  private rewound = false;
  private readonly kernelSampler: KernelSampler | null;

  private constructor(experiment: Experiment, opts: TrainerOptions) {
    super(experiment, opts);
    this.kernelSampler = opts.kernelSampleEvery && opts.onKernelSample ? new KernelSampler(opts.kernelSampleEvery) : null;
    this.checkpoints = new CheckpointKeeper({
      save: () => this.saveState(),
      restore: async (saved) => { this.stopping.restore(saved.stopping); await this.putBack(saved); },
      onCheckpoint: opts.onCheckpoint,
    });
  }

  static async create(experiment: Experiment, opts: TrainerOptions): Promise<Trainer> {
    const t = new Trainer(experiment, opts);
    t.state.reset(experiment.seed);
    await t.backend.sync();
    return t;
  }

  /** The training state as plain data (weights, optimizer state, running statistics, counters, early stopping). */
  async save(): Promise<SavedTrainingState> {
    if (this.running) throw new Error('Pause training before saving its state.');
    await this.quiesce();
    return this.saveState();
  }

  /** Continues from a saved state: the next steps are those the saved run would have taken. */
  async restore(saved: SavedTrainingState): Promise<void> {
    if (this.running) throw new Error('Pause training before restoring a state.');
    await this.quiesce();
    this.stopping.restore(saved.stopping);
    await this.putBack(saved);
    this.checkpoints.adopt(saved);
    this.stepLossesRead = saved.step > 0; // the early steps' losses are not in this state
  }

  /** The latest good checkpoint (null before the first run of a fresh or reset trainer). */
  get lastCheckpoint(): SavedTrainingState | null {
    return this.checkpoints.latest;
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
      const save = async () => { await this.quiesce(); const saved = await this.state.save(); this.metrics.reset(); return saved; };
      const probe = { save, restore: (s: SavedTrainingState) => this.putBack(s), stepAt: (lr: number) => this.step_.sweepStep(this.hyper, lr) };
      return await findLearningRate(probe, options, onPoint);
    } finally {
      this.running = false;
      await this.runInspections();
    }
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
      await this.checkpoints.keepStart();
      while (!this.paused && this.state.step < this.totalSteps && !this.stopping.reason) {
        const index = this.state.step;
        const lastOfEpoch = (index + 1) % this.stepsPerEpoch === 0;
        const evalNow = evaluatesAfter(index, this.stepsPerEpoch, this.totalSteps, this.experiment.training.evalEvery);
        const read = this.metrics.stepsSinceRead + 1 >= this.progressEvery || lastOfEpoch;
        // Never the run's first step: on a new trainer (a resumed run, a new device) that one
        // traces the step, and only a replay can be timed.
        if (!first && this.kernelSampler?.due(index, !read && !evalNow)) await this.runTimedStep(index);
        else await this.runStep(read, evalNow);
        if (first && !this.rates.open) this.rates.restart(performance.now(), this.state.step, this.counters.now());
        first = false;
        await this.throwFailure();
        if (evalNow) {
          await this.metrics.drain(); // the queued steps are training time
          await this.throwFailure();
          const paused = performance.now();
          const before = this.backend.counters();
          await this.evaluateAndReport();
          this.checkpoints.take('eval'); // its copies are not the step's work either
          this.rates.skip(performance.now() - paused, countersBetween(before, this.backend.counters()));
        }
        if (this.inspections.pending) await this.runInspections();
        if (performance.now() - lastYield > YIELD_EVERY_MS) lastYield = await yieldToEvents();
      }
      await this.metrics.drain();
      await this.throwFailure();
      await this.checkpoints.settled();
      if (this.paused && this.state.step < this.totalSteps && !this.stopping.reason) {
        this.checkpoints.takeAtPause(this.state.step);
        await this.checkpoints.settled();
      }
    } catch (e) {
      if (e instanceof NonFiniteError) await this.backToLastGood();
      throw e;
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

  override pause(): void {
    this.paused = true;
  }

  /** Back to the seed's initial weights and step 0 (the compiled step is kept). */
  async reset(): Promise<void> {
    this.pause();
    await this.metrics.drain();
    await this.checkpoints.settled().catch(() => {}); // a lost checkpoint is no loss here
    this.state.reset(this.experiment.seed);
    this.metrics.reset();
    this.stepLossesRead = false;
    this.evaluator.reset();
    this.checkpoints.adopt(null);
    this.stopping.reset();
    this.totals = freshTotals();
    this.kernelSampler?.reset();
    // NOTE: live hyperparameters (setHyper) stay: they are the user's current settings,
    // and Reset means "back to the seed's initial weights", not "forget my edits".
    await this.backend.sync();
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
    await this.maybeReadStepLosses(s.step);
    this.totals.samplesTrained += this.batchSize;
    if (!values) return;
    const steps = this.metrics.closeWindow();
    const step = s.step;
    const epoch = s.epoch + 1;
    const lr = learningRateAt(this.experiment.schedule, this.hyper.lr, step - 1, this.totalSteps);
    // Throughput is stamped when the read is issued: the loop never runs more than
    // MAX_INFLIGHT_READS reads ahead of the GPU, so issue times follow its pace, while
    // resolution times bunch up (reads resolve together when the event loop polls).
    const rates = this.rates.stamp(performance.now(), step, this.counters.now());
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
   * The step at `index`, timed kernel by kernel (kernel-sampler.ts), on an idle GPU and left
   * out of the throughput window: its time, its counters and the step itself.
   */
  private async runTimedStep(index: number): Promise<void> {
    this.kernelSampler!.taken(index);
    await this.metrics.drain();
    await this.backend.sync(); // the queued steps are training time; the timed one is not
    const started = performance.now();
    const before = this.backend.counters();
    const times = this.step_.timeNextRun();
    await this.runStep(false, false);
    const sample = await times;
    this.rates.skip(performance.now() - started, countersBetween(before, this.backend.counters()), 1);
    this.opts.onKernelSample?.({ step: this.state.step, times: sample });
  }

  /** Waits for the metric reads and checkpoint copies in flight. */
  private async quiesce(): Promise<void> {
    await this.metrics.drain();
    await this.checkpoints.settled();
  }

  /** The training state with early stopping's memory; the copies are issued at once. */
  private saveState(): Promise<SavedTrainingState> {
    const stopping = this.stopping.save();
    return this.state.save().then((s) => ({ ...s, stopping }));
  }

  /** Puts a state on the device and forgets what belonged to the old one. */
  private async putBack(saved: SavedTrainingState): Promise<void> {
    this.state.restore(saved);
    this.metrics.reset();
    this.evaluator.reset();
    await this.backend.sync();
  }

  /** After a NaN/Inf stop: the last good state goes back on the device, ready to resume. */
  private async backToLastGood(): Promise<void> {
    await this.metrics.drain().catch(() => {});
    const rewound = this.rewound;
    this.rewound = false;
    if (await this.checkpoints.backToLastGood(rewound)) this.totals.failure = null;
  }

  /** Runs the inspections asked for during the loop (their time is not training time). */
  private async runInspections(): Promise<void> {
    this.rates.skip(await this.inspections.runAll());
  }

  /** Throws the NonFiniteError of a failure a metric read saw. */
  protected async throwFailure(): Promise<void> {
    const f = this.totals.failure;
    if (!f) return;
    if ('gpuFault' in f) throw new GpuFaultError(f.gpuFault, this.state.step);
    if ('message' in f) throw await nonFiniteError(this.backend, this.model, this.state, f.message);
    this.totals.failure = null; // the state is rewound to the last good step
    this.rewound = true;
    throw await stopAtFlaggedStep(this.step_.parts, this.step_, this.metrics, f.flaggedStep, this.hyper);
  }
}
