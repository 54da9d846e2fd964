// The trainer: builds the model from an experiment, puts the data and parameters on the
// device, compiles the training step and runs the loop, streaming metrics.
//
// The step (gather batch -> forward -> loss -> backward -> clip -> fused optimizer update)
// is recorded once on the GPU into a StepPlan and replayed: one submit per step, no
// per-step uploads (only small uniform writes), metrics accumulated on the GPU and read
// back asynchronously every `progressEvery` steps while the GPU keeps working.
import type { Backend, UniformBlock } from '../engine/backend';
import { backward, noGrad } from '../engine/tape';
import { Rng } from '../engine/random';
import { tidy, type Tensor } from '../engine/tensor';
import { gatherRows } from '../engine/ops/norm';
import type { StepPlan } from '../engine/webgpu/runtime';
import type { WebGpuBackend } from '../engine/webgpu/backend';
import { epochPermutation } from '../data/batching';
import type { Split } from '../data/types';
import { buildModel, forward, type Model } from '../nn/model';
import { lossOf } from '../nn/losses';
import type { ShapeReport } from '../nn/shapes';
import type { Experiment } from '../spec';
import { uploadSplit, type DeviceData } from './device-data';
import { augmentStep } from './augment-step';
import { firstNonFiniteLayer, layerHealth, type FlatLayout } from './health';
import { createHyperBlock, optimizerRule, stateSlots, writeHyper } from './optimizer';
import { learningRateAt } from './schedule';
import {
  NonFiniteError,
  type EvalMetrics,
  type FinalMetrics,
  type LiveHyper,
  type ProgressMetrics,
  type TrainEvent,
} from './types';

export interface TrainerOptions {
  backend: Backend;
  split: Split;
  onEvent(e: TrainEvent): void;
  /** Steps between progress reports (and metric readbacks). */
  progressEvery?: number;
}

/** Words of the per-step uniform block. */
const STEP = { batchOffset: 0, stream: 1, words: 4 } as const;
/** At most this many metric readbacks in flight: bounds how far the CPU runs ahead. */
const MAX_INFLIGHT_READS = 2;
const EVAL_BATCH = 1024;

interface Stamp {
  time: number;
  step: number;
  counters: { dispatches: number; submits: number; readbacks: number };
}

const RATE_WINDOW = 6;

interface Pending {
  promise: Promise<void>;
}

export class Trainer {
  readonly summary: ShapeReport;
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  readonly batchSize: number;
  readonly model: Model;

  private readonly backend: Backend;
  private readonly data: DeviceData;
  private readonly params: Tensor[];
  private readonly paramFlat: Tensor;
  private readonly gradFlat: Tensor;
  private readonly gradViews: Tensor[];
  private readonly snapshot: Tensor;
  private readonly optState: Tensor[];
  private readonly state: Tensor[];
  private readonly layout: FlatLayout;
  private readonly stepBlock: UniformBlock;
  private readonly hyperBlock: UniformBlock;
  /** Σ loss and Σ correct since the last readback (two slots of one buffer: one read). */
  private readonly metrics: Tensor;
  private readonly metricViews: Tensor[];
  private readonly correctOffset: number;
  private plan: StepPlan | null = null;

  private stepIndex = 0;
  private epoch = 0;
  private hyper: Required<LiveHyper>;
  private paused = false;
  private running = false;
  private inflight: Pending[] = [];
  private failure: Error | null = null;
  private stepsSinceRead = 0;
  /**
   * Time, step and counters at the last few metric reads: rates are measured over this
   * window so bursts (the CPU queueing ahead, then waiting) do not make the chart spiky.
   */
  private stamps: Stamp[] = [];
  private lastTrainLoss = NaN;
  private lastTrainAccuracy: number | undefined;
  private bestMetric = Infinity;
  private evalsWithoutImprovement = 0;
  private stopReason: FinalMetrics['reason'] | null = null;
  private lastEval: EvalMetrics | null = null;
  private startedAt = 0;
  private trainSeconds = 0;
  private samplesTrained = 0;
  private measureUpdate = false;
  private readonly outsideWork = { dispatches: 0, submits: 0, readbacks: 0 };

  private constructor(
    readonly experiment: Experiment,
    private readonly opts: TrainerOptions,
  ) {
    const b = opts.backend;
    this.backend = b;
    const { split } = opts;
    this.model = buildModel(split.train.inputShape, experiment.model.layers);
    this.summary = this.model.summary;
    this.batchSize = Math.min(experiment.training.batchSize, split.train.n);
    this.stepsPerEpoch = Math.max(1, Math.floor(split.train.n / this.batchSize));
    this.totalSteps = this.stepsPerEpoch * experiment.training.epochs;
    this.data = uploadSplit(b, split, experiment.loss);

    const shapes = this.model.params.map((p) => p.shape);
    const p = b.allocFlat(shapes);
    this.paramFlat = p.flat;
    this.params = p.views;
    this.params.forEach((t, i) => {
      t.requiresGrad = true;
      t.name = this.model.params[i].name;
    });
    this.layout = { offsets: p.offsets, sizes: shapes.map((s) => s.reduce((a, c) => a * c, 1)) };
    const g = b.allocFlat(shapes);
    this.gradFlat = g.flat;
    this.gradViews = g.views;
    this.snapshot = b.zeros(this.paramFlat.shape);
    this.optState = Array.from({ length: stateSlots(experiment.optimizer) }, () => b.zeros(this.paramFlat.shape));
    this.state = this.model.state.map((s) => b.zeros(s.shape));
    this.stepBlock = b.createUniforms(STEP.words);
    this.hyperBlock = createHyperBlock(b);
    const m = b.allocFlat([[1], [1]]);
    this.metrics = m.flat;
    this.metricViews = m.views;
    this.correctOffset = m.offsets[1];
    const o = experiment.optimizer;
    this.hyper = { lr: o.lr, momentum: o.momentum ?? 0, weightDecay: o.weightDecay ?? 0 };
  }

  static async create(experiment: Experiment, opts: TrainerOptions): Promise<Trainer> {
    const t = new Trainer(experiment, opts);
    t.initializeWeights();
    await t.backend.sync();
    return t;
  }

  get progressEvery(): number {
    return this.opts.progressEvery ?? Math.max(1, Math.min(10, this.stepsPerEpoch));
  }

  get stepsDone(): number {
    return this.stepIndex;
  }

  // ---- weights --------------------------------------------------------------------------

  /** Seeded initial weights; zero optimizer state; running statistics back to 0 and 1. */
  private initializeWeights(): void {
    const rng = Rng.derive(this.experiment.seed, 0x1417);
    this.model.params.forEach((spec, i) => this.backend.write(this.params[i], spec.initial(rng)));
    this.model.state.forEach((spec, i) => this.backend.write(this.state[i], spec.initial(rng)));
    for (const s of this.optState) this.backend.zero(s);
    this.backend.zero(this.gradFlat);
  }

  /** Replaces the parameters (in model order), e.g. to start from known weights. */
  setWeights(values: ArrayLike<number>[]): void {
    if (values.length !== this.params.length) throw new Error(`setWeights: ${values.length} arrays for ${this.params.length} parameters.`);
    values.forEach((v, i) => this.backend.write(this.params[i], v));
  }

  async exportWeights(): Promise<{ name: string; shape: number[]; data: Float32Array }[]> {
    const flat = await this.backend.read(this.paramFlat);
    const out = this.model.params.map((p, i) => ({
      name: p.name,
      shape: p.shape,
      data: Float32Array.from(flat.subarray(this.layout.offsets[i], this.layout.offsets[i] + this.layout.sizes[i])),
    }));
    for (let i = 0; i < this.state.length; i++) {
      out.push({ name: this.model.state[i].name, shape: this.model.state[i].shape, data: Float32Array.from(await this.backend.read(this.state[i])) });
    }
    return out;
  }

  // ---- the step -------------------------------------------------------------------------

  /** One training step as ops; recorded into the plan on the GPU. */
  private stepBody(): void {
    const b = this.backend;
    const B = this.batchSize;
    const exp = this.experiment;
    tidy(() => {
      const offset = { block: this.stepBlock, index: STEP.batchOffset };
      const gathered = gatherRows(this.data.train.x, this.data.order, offset, B);
      const xb = augmentStep(gathered, exp.data.augment, exp.seed, { block: this.stepBlock, index: STEP.stream });
      const yb = gatherRows(this.data.train.target, this.data.order, offset, B);
      const out = forward(this.model, xb, this.params, this.state, {
        training: true,
        seed: exp.seed,
        stream: { block: this.stepBlock, index: STEP.stream },
      });
      const loss = lossOf(exp.loss, out, yb, exp.huberDelta);
      const grads = backward(loss);
      this.params.forEach((p, i) => {
        const gi = grads.get(p);
        if (gi) b.copy(gi, this.gradViews[i]);
      });
      b.addInPlace(this.metricViews[0], loss);
      if (this.data.train.labels) {
        const labels = this.data.train.labels === this.data.train.target ? yb : gatherRows(this.data.train.labels, this.data.order, offset, B);
        b.addInPlace(this.metricViews[1], b.countCorrect(out, labels));
      }
      const clip = exp.training.clipGradNorm;
      const scale = clip ? b.clipFactor(b.sumSquares(this.gradFlat), clip) : undefined;
      b.optimizerStep(optimizerRule(exp.optimizer), this.paramFlat, this.gradFlat, this.optState, this.hyperBlock, scale);
    });
  }

  /**
   * Writes this step's uniforms, then runs (or records, the first time) the step. With
   * `read`, the metric accumulators are read after the step: on the GPU the copy rides
   * along in the step's own submit (queued before the replay, encoded after its commands).
   */
  private runStep(read = false): Pending | null {
    const stepInEpoch = this.stepIndex % this.stepsPerEpoch;
    if (stepInEpoch === 0) {
      this.epoch = Math.floor(this.stepIndex / this.stepsPerEpoch);
      this.backend.write(this.data.order, epochPermutation(this.experiment.seed, this.epoch, this.data.train.n));
    }
    this.stepBlock.u32[STEP.batchOffset] = stepInEpoch * this.batchSize;
    this.stepBlock.u32[STEP.stream] = this.stepIndex;
    this.stepBlock.sync();
    const lr = learningRateAt(this.experiment.schedule, this.hyper.lr, this.stepIndex, this.totalSteps);
    writeHyper(this.hyperBlock, this.experiment.optimizer, { ...this.hyper, lr, step: this.stepIndex });
    this.hyperBlock.sync();
    if (this.measureUpdate) this.backend.copy(this.paramFlat, this.snapshot);

    const gpu = this.backend.kind === 'webgpu' ? (this.backend as WebGpuBackend) : null;
    let pending: Pending | null = null;
    if (gpu && this.plan) {
      if (read) pending = this.readMetrics(1);
      this.plan.replay();
    } else if (gpu) {
      gpu.rt.beginPlan();
      try {
        this.stepBody();
      } finally {
        this.plan = gpu.rt.endPlan();
      }
    } else this.stepBody();
    this.stepIndex++;
    this.stepsSinceRead++;
    this.samplesTrained += this.batchSize;
    if (read && !pending) pending = this.readMetrics(0);
    // Zeroed after the copy; on the GPU the clear opens the next step's submit.
    if (read) this.backend.zero(this.metrics);
    return pending;
  }

  /**
   * Queues a non-blocking read of the metric accumulators and zeroes them after it.
   * `ahead` = 1 when called just before the step it will see.
   */
  private readMetrics(ahead: 0 | 1): Pending {
    const steps = this.stepsSinceRead + ahead;
    this.stepsSinceRead = -ahead;
    const step = this.stepIndex + ahead;
    const epoch = this.epoch;
    const lr = learningRateAt(this.experiment.schedule, this.hyper.lr, step - 1, this.totalSteps);
    // Throughput is stamped when the read is issued: the loop never runs more than
    // MAX_INFLIGHT_READS reads ahead of the GPU, so issue times follow its pace, while
    // resolution times bunch up (reads resolve together when the event loop polls).
    const now = performance.now();
    const c = this.stepCounters();
    const first = this.stamps[0] ?? { time: now, step, counters: c };
    const dt = Math.max(1e-6, (now - first.time) / 1000);
    const dSteps = step - first.step;
    const per = (k: 'dispatches' | 'submits' | 'readbacks') => (c[k] - first.counters[k]) / Math.max(1, dSteps);
    const samplesPerSec = (dSteps * this.batchSize) / dt;
    const rates = {
      samplesPerSec,
      msPerStep: (dt * 1000) / Math.max(1, dSteps),
      gflops: (3 * this.model.summary.totalFlops * samplesPerSec) / 1e9,
      dispatchesPerStep: per('dispatches'),
      submitsPerStep: per('submits'),
      readbacksPerStep: per('readbacks'),
    };
    this.stamps.push({ time: now, step, counters: c });
    if (this.stamps.length > RATE_WINDOW) this.stamps.shift();
    const read = this.backend.readLater(this.metrics);
    if (!ahead) this.backend.flush();
    const promise = read.then((values) => {
      const trainLoss = values[0] / steps;
      if (!Number.isFinite(trainLoss)) {
        this.failure ??= new NonFiniteError(`The training loss became ${trainLoss} by step ${step}.`, step, null);
        return;
      }
      const progress: ProgressMetrics = { kind: 'progress', epoch: epoch + 1, step, trainLoss, lr, ...rates };
      this.lastTrainLoss = trainLoss;
      if (this.data.train.labels) this.lastTrainAccuracy = values[this.correctOffset] / (steps * this.batchSize);
      this.opts.onEvent(progress);
    });
    return { promise };
  }

  // ---- evaluation -----------------------------------------------------------------------

  /**
   * The parameter and state tensors in model order, for eager eval-mode forwards between
   * steps (the decision boundary, src/worker/probe.ts). Read them; never write.
   */
  get weights(): { params: readonly Tensor[]; state: readonly Tensor[] } {
    return { params: this.params, state: this.state };
  }

  /**
   * Work done on this backend outside the step (views such as the decision boundary): left
   * out of the per-step dispatch, submit and readback counts that progress reports.
   */
  excludeFromCounters(work: { dispatches: number; submits: number; readbacks: number }): void {
    this.outsideWork.dispatches += work.dispatches;
    this.outsideWork.submits += work.submits;
    this.outsideWork.readbacks += work.readbacks;
  }

  private stepCounters(): Stamp['counters'] {
    const c = this.backend.counters();
    const o = this.outsideWork;
    return { dispatches: c.dispatches - o.dispatches, submits: c.submits - o.submits, readbacks: c.readbacks - o.readbacks };
  }

  /**
   * Test loss and accuracy (or MSE) over the whole test set (or, with 'train', the training
   * set in eval mode); one readback. The metric keys say "test" either way.
   */
  async evaluate(which: 'test' | 'train' = 'test'): Promise<{ testLoss: number; testAccuracy?: number; testMse?: number }> {
    const b = this.backend;
    const test = which === 'train' ? this.data.train : this.data.test;
    const order = which === 'train' ? this.trainOrder() : this.data.testOrder;
    const exp = this.experiment;
    const { flat: acc, views: accViews, offsets } = b.allocFlat([[1], [1], [1]]);
    noGrad(() => {
      for (let start = 0; start < test.n; start += EVAL_BATCH) {
        const n = Math.min(EVAL_BATCH, test.n - start);
        tidy(() => {
          const xb = gatherRows(test.x, order, start, n);
          const yb = gatherRows(test.target, order, start, n);
          const out = forward(this.model, xb, this.params, this.state, { training: false, seed: exp.seed, stream: 0 });
          b.addInPlace(accViews[0], lossOf(exp.loss, out, yb, exp.huberDelta), n);
          if (test.labels) {
            const labels = test.labels === test.target ? yb : gatherRows(test.labels, order, start, n);
            b.addInPlace(accViews[1], b.countCorrect(out, labels));
          } else {
            b.addInPlace(accViews[2], b.meanSquaredError(out, yb).loss, n);
          }
        });
      }
    });
    const v = await b.read(acc);
    acc.dispose();
    if (order !== this.data.testOrder) order.dispose();
    const testLoss = v[offsets[0]] / test.n;
    return test.labels ? { testLoss, testAccuracy: v[offsets[1]] / test.n } : { testLoss, testMse: v[offsets[2]] / test.n };
  }

  /** 0..nTrain-1 (a fresh tensor): evaluation reads the training set in its stored order. */
  private trainOrder(): Tensor {
    return this.backend.upload(Array.from({ length: this.data.train.n }, (_, i) => i), [this.data.train.n], 'u32');
  }

  private async evaluateAndReport(): Promise<EvalMetrics> {
    const result = await this.evaluate();
    let layers: EvalMetrics['layers'] = [];
    if (this.measureUpdate && this.stepIndex > 0) {
      const [before, after, grads] = await Promise.all([this.backend.read(this.snapshot), this.backend.read(this.paramFlat), this.backend.read(this.gradFlat)]);
      layers = layerHealth(this.model, this.layout, before, after, grads);
    }
    const metrics: EvalMetrics = {
      kind: 'eval',
      epoch: this.epoch + 1,
      step: this.stepIndex,
      trainLoss: this.lastTrainLoss,
      ...result,
      ...(this.lastTrainAccuracy !== undefined ? { trainAccuracy: this.lastTrainAccuracy } : {}),
      layers,
    };
    this.lastEval = metrics;
    this.opts.onEvent(metrics);
    if (!Number.isFinite(result.testLoss)) throw await this.nonFinite(`The test loss became ${result.testLoss}.`);
    this.checkStopping(metrics);
    return metrics;
  }

  private checkStopping(m: EvalMetrics): void {
    const t = this.experiment.training;
    if (t.targetLoss !== undefined && m.testLoss <= t.targetLoss) this.stopReason = 'targetLoss';
    const es = t.earlyStopping;
    if (!es) return;
    const value = es.metric === 'testAccuracy' ? -(m.testAccuracy ?? 0) : m.testLoss;
    if (value < this.bestMetric - 1e-12) {
      this.bestMetric = value;
      this.evalsWithoutImprovement = 0;
    } else if (++this.evalsWithoutImprovement >= es.patience) this.stopReason ??= 'earlyStopping';
  }

  /** Builds the NaN/Inf error, naming the first layer whose weights went non-finite. */
  private async nonFinite(what: string): Promise<NonFiniteError> {
    const values = await this.backend.read(this.paramFlat);
    const layer = firstNonFiniteLayer(this.model, this.layout, values);
    const where = layer ? ` The first non-finite values appeared in ${layer}.` : '';
    return new NonFiniteError(
      `Training stopped at step ${this.stepIndex}: ${what}${where} Lower the learning rate, turn on gradient clipping, or add normalization.`,
      this.stepIndex,
      layer,
    );
  }

  // ---- the loop -------------------------------------------------------------------------

  /** Trains until done, paused or stopped. Returns the final metrics when training ended. */
  async run(): Promise<FinalMetrics | null> {
    if (this.running) throw new Error('Training is already running.');
    this.running = true;
    this.paused = false;
    const evalEvery = this.experiment.training.evalEvery ?? 1;
    const started = performance.now();
    this.startedAt = started;
    this.restartRates();
    let lastYield = started;
    try {
      while (!this.paused && this.stepIndex < this.totalSteps && !this.stopReason) {
        const lastOfEpoch = (this.stepIndex + 1) % this.stepsPerEpoch === 0;
        const epochNumber = Math.floor(this.stepIndex / this.stepsPerEpoch) + 1;
        const evalNow = lastOfEpoch && (epochNumber % evalEvery === 0 || this.stepIndex + 1 === this.totalSteps);
        this.measureUpdate = evalNow;
        const read = this.runStep(this.stepsSinceRead + 1 >= this.progressEvery || lastOfEpoch);
        if (read) {
          this.inflight.push(read);
          while (this.inflight.length > MAX_INFLIGHT_READS) await this.inflight.shift()!.promise;
        }
        if (this.failure) throw await this.nonFinite(this.failure.message);
        if (evalNow) {
          await this.drain(); // the queued steps are training time
          const paused = performance.now();
          await this.evaluateAndReport();
          // Evaluation time is not training throughput: shift the rate window past it
          // (restarting the window instead would measure the refilled queue: spikes).
          const spent = performance.now() - paused;
          for (const s of this.stamps) s.time += spent;
        }
        // Let the worker (or Node) handle messages such as Pause even on the CPU backend.
        const now = performance.now();
        if (now - lastYield > 50) {
          await new Promise((r) => setTimeout(r, 0));
          lastYield = performance.now();
        }
      }
      await this.drain();
      if (this.failure) throw await this.nonFinite(this.failure.message);
    } finally {
      this.trainSeconds += (performance.now() - started) / 1000;
      this.running = false;
      this.measureUpdate = false;
    }
    if (this.paused && this.stepIndex < this.totalSteps && !this.stopReason) return null;
    return this.final();
  }

  private restartRates(): void {
    this.stamps = [{ time: performance.now(), step: this.stepIndex, counters: this.stepCounters() }];
  }

  private async drain(): Promise<void> {
    while (this.inflight.length) await this.inflight.shift()!.promise;
  }

  private async final(): Promise<FinalMetrics> {
    const last = this.lastEval && this.lastEval.step === this.stepIndex ? this.lastEval : await this.evaluateAndReport();
    return {
      final: true,
      epochs: Math.ceil(this.stepIndex / this.stepsPerEpoch),
      steps: this.stepIndex,
      trainLoss: this.lastTrainLoss,
      testLoss: last.testLoss,
      ...(last.testAccuracy !== undefined ? { testAccuracy: last.testAccuracy } : {}),
      ...(last.testMse !== undefined ? { testMse: last.testMse } : {}),
      samplesPerSec: this.samplesTrained / Math.max(1e-9, this.trainSeconds),
      reason: this.stopReason ?? 'completed',
      seconds: this.trainSeconds,
    };
  }

  pause(): void {
    this.paused = true;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** One optimizer step (one batch), with its metrics reported. */
  async step(): Promise<void> {
    if (this.running || this.stepIndex >= this.totalSteps) return;
    this.running = true;
    try {
      this.restartRates();
      await this.runStep(true)?.promise;
      if (this.failure) throw await this.nonFinite(this.failure.message);
    } finally {
      this.running = false;
    }
  }

  /** Back to the seed's initial weights and step 0 (the compiled step is kept). */
  async reset(): Promise<void> {
    this.pause();
    await this.drain();
    this.initializeWeights();
    this.backend.zero(this.metrics);
    this.stepIndex = 0;
    this.epoch = 0;
    this.stepsSinceRead = 0;
    this.failure = null;
    this.stopReason = null;
    this.lastEval = null;
    this.bestMetric = Infinity;
    this.evalsWithoutImprovement = 0;
    this.samplesTrained = 0;
    this.trainSeconds = 0;
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
      this.opts.onEvent({ kind: 'hyper', step: this.stepIndex, field, value: v });
    }
  }

  dispose(): void {
    this.pause();
    this.plan?.dispose();
    this.plan = null;
    this.data.dispose();
    for (const t of [this.paramFlat, this.gradFlat, this.snapshot, this.metrics, ...this.optState, ...this.state]) t.dispose();
  }
}
