// The training state: everything a run's future depends on. Weights (views of one flat
// buffer, so the optimizer updates them in one dispatch), their gradients, the optimizer's
// state slots, the normalisation running statistics, and the counters (optimizer step,
// epoch). The random streams (dropout masks, augmentation) and the data order are
// functions of (seed, step) and (seed, epoch), so the counters are all the RNG position
// there is. save()/restore() turn it into plain data and back, bit for bit.
import type { Backend } from '../engine/backend';
import { Rng } from '../engine/random';
import type { Tensor } from '../engine/tensor';
import type { Model } from '../nn/model';
import type { OptimizerSpec } from '../spec';
import type { FlatLayout } from './health';
import { OPTIMIZER_TABLE } from '../engine/optim-table';
import { stateSlots } from './optimizer';
import type { NamedTensor } from './safetensors';
import type { StoppingProgress } from './stopping';
import { matchWeights, type WeightsReport } from './weights-import';

/**
 * A training state as plain data: typed arrays, numbers and strings only (structured clone
 * copies it; JSON needs the arrays converted). Arrays are per tensor in model order and
 * hold no padding, so a state saved on one backend restores on the other.
 */
export interface SavedTrainingState {
  format: 'training-state';
  version: 1;
  /** Optimizer steps done. */
  step: number;
  /** 0-based epoch of the last step done (0 before the first). */
  epoch: number;
  /**
   * Random stream of the next step (dropout masks, augmentation draws). Streams are
   * numbered by optimizer step, so this equals `step`; it is saved so that a checkpoint
   * says so rather than relying on the rule.
   */
  randomStream: number;
  /** Parameter names, model order ("layer1.weight"), for a clear error on a mismatch. */
  paramNames: string[];
  /** Shapes of the parameters, model order (a checkpoint file names its tensors with them). */
  paramShapes: number[][];
  /** The optimizer whose state `optimizer` holds, and the names of its slots ("m", "v"). */
  optimizerType: OptimizerSpec['type'];
  slotNames: string[];
  /** Names and shapes of the running statistics, model order ("layer2.runningMean"). */
  runningNames: string[];
  runningShapes: number[][];
  params: Float32Array[];
  /** optimizer[slot][parameter]: the optimizer's state (momentum, Adam's moments); empty for frozen parameters. */
  optimizer: Float32Array[][];
  /** Normalisation running statistics (batch norm mean and variance), model order. */
  running: Float32Array[];
  /** Early stopping's memory (the trainer adds it; absent in a bare state). */
  stopping?: StoppingProgress;
}

/** Seed purpose of the initial weights (Rng.derive): fixed, or every run's weights change. */
const INIT_PURPOSE = 0x1417;

export class TrainingState {
  /** One view per parameter into paramFlat, model order; marked as requiring a gradient. */
  readonly params: Tensor[];
  readonly paramFlat: Tensor;
  /** The last step's gradients, same layout as paramFlat. */
  readonly gradFlat: Tensor;
  readonly gradViews: Tensor[];
  /**
   * What the optimizer updates: the trainable parameters, a prefix of paramFlat (all of it
   * without frozen layers), and their gradients; null when every layer is frozen.
   */
  readonly optimized: { params: Tensor; grads: Tensor } | null;
  /** The optimizer's state slots, each laid out like `optimized.params` (none for frozen parameters). */
  readonly slots: Tensor[];
  /** State slots of the optimizer rule (also when every layer is frozen and none is allocated). */
  private readonly slotCount: number;
  /** Normalisation running statistics, model order: views of runningFlat. */
  readonly running: Tensor[];
  /** All running statistics in one buffer, so a step can copy and restore them at once. */
  readonly runningFlat: Tensor;
  readonly layout: FlatLayout;
  /** Optimizer steps done. */
  step = 0;
  /** 0-based epoch of the last step done. */
  epoch = 0;

  constructor(
    private readonly backend: Backend,
    private readonly model: Model,
    private readonly optimizer: OptimizerSpec,
  ) {
    const shapes = model.params.map((p) => p.shape);
    // Trainable parameters first, then the frozen ones (`trainable: false`), so the optimizer
    // and its state slots cover one prefix of the flat buffer and never the frozen part.
    // Without frozen layers this is model order: the layout, and so every run, as before.
    const order = [...shapes.keys()].sort((a, b) => Number(model.paramFrozen[a]) - Number(model.paramFrozen[b]) || a - b);
    const trainableCount = model.paramFrozen.filter((f) => !f).length;
    const place = (a: { flat: Tensor; views: Tensor[]; offsets: number[] }) => {
      const views: Tensor[] = [];
      const offsets: number[] = [];
      order.forEach((param, k) => { views[param] = a.views[k]; offsets[param] = a.offsets[k]; });
      return { flat: a.flat, views, offsets, prefix: trainableCount === order.length ? a.flat.size : trainableCount === 0 ? 0 : a.offsets[trainableCount] };
    };
    const p = place(backend.allocFlat(order.map((i) => shapes[i])));
    this.paramFlat = p.flat;
    this.params = p.views;
    this.params.forEach((t, i) => {
      t.requiresGrad = !model.paramFrozen[i];
      t.name = model.params[i].name;
    });
    this.layout = { offsets: p.offsets, sizes: shapes.map((s) => s.reduce((a, c) => a * c, 1)) };
    const g = place(backend.allocFlat(order.map((i) => shapes[i])));
    this.gradFlat = g.flat;
    this.gradViews = g.views;
    const whole = p.prefix === this.paramFlat.size;
    this.optimized = p.prefix === 0 ? null : {
      params: whole ? this.paramFlat : backend.view(this.paramFlat, 0, [p.prefix]),
      grads: whole ? this.gradFlat : backend.view(this.gradFlat, 0, [p.prefix]),
    };
    this.slots = this.optimized ? Array.from({ length: stateSlots(optimizer) }, () => backend.zeros(this.optimized!.params.shape)) : [];
    this.slotCount = stateSlots(optimizer);
    const r = backend.allocFlat(model.state.map((s) => s.shape));
    this.runningFlat = r.flat;
    this.running = r.views;
  }

  /** Back to step 0: the seed's initial weights and running statistics, zero optimizer state. */
  reset(seed: number): void {
    const b = this.backend;
    const rng = Rng.derive(seed, INIT_PURPOSE);
    this.model.params.forEach((spec, i) => b.write(this.params[i], spec.initial(rng)));
    this.model.state.forEach((spec, i) => b.write(this.running[i], spec.initial(rng)));
    for (const s of this.slots) b.zero(s);
    b.zero(this.gradFlat);
    this.step = 0;
    this.epoch = 0;
  }

  /** Replaces the parameters (model order), e.g. to start from known weights. */
  setWeights(values: ArrayLike<number>[]): void {
    if (values.length !== this.params.length) throw new Error(`setWeights: ${values.length} arrays for ${this.params.length} parameters.`);
    values.forEach((v, i) => this.backend.write(this.params[i], v));
  }

  /**
   * Loads the tensors of a weights file that match a parameter or running statistic by name
   * and shape (the names exportWeights writes); the rest keep their values. The optimizer's
   * state and the counters stay as they are: loading is a change of weights, not of the run.
   */
  loadWeights(file: readonly NamedTensor[]): WeightsReport {
    const targets = [...this.params, ...this.running];
    const expected = [...this.model.params, ...this.model.state].map((t) => ({ name: t.name, shape: t.shape }));
    const { report, values } = matchWeights(expected, file);
    for (const [i, v] of values) this.backend.write(targets[i], v);
    return report;
  }

  /**
   * The state as plain data. Every copy is issued before this returns (the counters are
   * taken now too), so the caller may go on stepping while the copies travel: on the GPU
   * they are queued behind the work done so far and submitted together, ahead of any later
   * step, and nothing waits for them but the returned promise.
   */
  save(): Promise<SavedTrainingState> {
    const b = this.backend;
    const tensors = [this.paramFlat, ...this.slots, ...this.running];
    // NOTE: readLater queues a copy without a submit; the last read() flushes them all in one.
    const reads = tensors.map((t, i) => (i < tensors.length - 1 ? b.readLater(t) : b.read(t)));
    const step = this.step;
    const epoch = this.epoch;
    return Promise.all(reads).then(([params, ...rest]) => {
      const slots = rest.slice(0, this.slots.length);
      const running = rest.slice(this.slots.length).map((v) => Float32Array.from(v));
      return {
        format: 'training-state',
        version: 1,
        step,
        epoch,
        randomStream: step,
        paramNames: this.model.params.map((p) => p.name),
        paramShapes: this.model.params.map((p) => [...p.shape]),
        optimizerType: this.optimizer.type,
        slotNames: [...OPTIMIZER_TABLE[this.optimizer.type].state],
        runningNames: this.model.state.map((s) => s.name),
        runningShapes: this.model.state.map((s) => [...s.shape]),
        params: this.unflatten(params),
        optimizer: this.slots.length ? slots.map((v) => this.unflatten(v, true)) : Array.from({ length: this.slotCount }, () => this.model.params.map(() => new Float32Array(0))),
        running,
      } satisfies SavedTrainingState;
    });
  }

  /**
   * Puts a saved state back; the next step continues exactly where the saved run would.
   * A state saved under another optimizer (the user switched, say, from sgd to adam before
   * resuming) brings its weights, statistics and counters; the new optimizer starts from
   * zero state, as PyTorch's does when an optimizer is replaced.
   */
  restore(saved: SavedTrainingState): void {
    const names = this.model.params.map((p) => p.name);
    if (saved.format !== 'training-state' || saved.version !== 1) throw new Error('restore: not a training state of version 1.');
    if (saved.paramNames.join() !== names.join()) {
      throw new Error(`restore: the state holds parameters [${saved.paramNames.join(', ')}], this model [${names.join(', ')}].`);
    }
    const sameOptimizer = saved.optimizerType === this.optimizer.type;
    if (sameOptimizer && saved.optimizer.length !== this.slotCount) throw new Error(`restore: ${saved.optimizer.length} optimizer slots for an optimizer with ${this.slotCount}.`);
    if (saved.running.length !== this.running.length) throw new Error(`restore: ${saved.running.length} running statistics for a model with ${this.running.length}.`);
    if (saved.randomStream !== saved.step) throw new Error('restore: random streams are numbered by step; this state says otherwise.');
    const b = this.backend;
    this.setWeights(saved.params);
    if (sameOptimizer) saved.optimizer.forEach((slot, k) => slot.forEach((v, i) => {
      if (this.model.paramFrozen[i]) return;
      if (v.length !== this.layout.sizes[i]) throw new Error(`restore: the optimizer state of ${this.model.params[i].name} is missing or has the wrong size.`);
      b.write(this.slotView(k, i), v);
    }));
    else for (const s of this.slots) b.zero(s);
    saved.running.forEach((v, i) => b.write(this.running[i], v));
    b.zero(this.gradFlat);
    this.step = saved.step;
    this.epoch = saved.epoch;
  }

  /** Weights and running statistics by name, for export (safetensors). */
  async exportWeights(): Promise<NamedTensor[]> {
    const flat = await this.backend.read(this.paramFlat);
    const out: NamedTensor[] = this.unflatten(flat).map((data, i) => ({ name: this.model.params[i].name, shape: this.model.params[i].shape, data }));
    for (let i = 0; i < this.running.length; i++) {
      out.push({ name: this.model.state[i].name, shape: this.model.state[i].shape, data: Float32Array.from(await this.backend.read(this.running[i])) });
    }
    return out;
  }

  dispose(): void {
    for (const t of [this.paramFlat, this.gradFlat, this.runningFlat, ...this.slots]) t.dispose();
  }

  /**
   * Per-parameter copies (no padding) of a flat buffer laid out like paramFlat; of an
   * optimizer slot (`slot`), frozen parameters have none and get empty arrays.
   */
  private unflatten(flat: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> }, slot = false): Float32Array[] {
    return this.layout.offsets.map((off, i) =>
      slot && this.model.paramFrozen[i] ? new Float32Array(0) : Float32Array.from(flat.subarray(off, off + this.layout.sizes[i])));
  }

  private slotView(slot: number, param: number): Tensor {
    return this.backend.view(this.slots[slot], this.layout.offsets[param], this.model.params[param].shape);
  }
}
