// Runs the boundary probe (probe.ts) for the training worker: at most every MIN_INTERVAL_MS
// (and at most 1/TIME_SHARE of the time) while training (on progress reports, so between
// steps), never two at once (a refresh due
// while one is in flight is skipped), and once more whenever training stops, so the
// picture always ends at the final weights. Its own GPU work is left out of the step's
// counters. `check` recomputes the boundary's agreement with the model for tests. The attack
// arrows over the plane (attack-arrows.ts) ride along: each refresh asks them for a new set
// (they pace themselves, at most one a second).
import type { Backend } from '../engine/backend';
import { noGrad } from '../engine/tape';
import { forward } from '../nn/model';
import type { Split } from '../data/types';
import type { Trainer } from '../train/trainer';
import { featuresOf } from '../spec';
import { BoundaryProbe, classOf, type PlaneInfo, type ProbeResult } from './probe';
import { ArrowDriver, arrowsUnavailable, type ArrowsMessage } from './attack-arrows';

/** At most about four refreshes a second. */
export const MIN_INTERVAL_MS = 250;
/**
 * And at most 1/TIME_SHARE of the wall time: the next refresh waits TIME_SHARE times as long
 * as the last one took. Where the GPU is fast the probe takes a few ms and the 250 ms rule
 * holds; where it is slow (SwiftShader runs the GPU on the CPU, so a 4,096-row forward costs
 * as much as ~100 small training steps) refreshes thin out instead of slowing training.
 */
export const TIME_SHARE = 15;

/** The boundary against the model at one set of weights (see `boundaryCheck`). */
export interface BoundaryCheck {
  step: number;
  trainPoints: number;
  /** Share of training points on their label's side of the boundary (the probe's path). */
  boundaryAccuracy: number;
  /** Training-set accuracy in eval mode from the trainer's own evaluation (its device data). */
  evalAccuracy: number;
  /** Training points where the boundary's class differs from a separate eval forward of the data pipeline's inputs. */
  mismatches: number;
}

/**
 * Computes, at the current weights: the probe (raw points -> normalise -> features ->
 * forward, batched with the grid), the trainer's eval-mode training accuracy, and a separate
 * eval-mode forward of the training inputs as the data pipeline made them. Classification only.
 */
export async function boundaryCheck(backend: Backend, trainer: Trainer, probe: BoundaryProbe, split: Split): Promise<BoundaryCheck> {
  const step = trainer.stepsDone;
  const result = await probe.run(step, (work) => trainer.excludeFromCounters(work));
  const evaluated = await trainer.evaluate('train');
  const n = split.train.n;
  const x = backend.upload(split.train.x, [n, ...split.train.inputShape]);
  const { params, state } = trainer.weights;
  const out = noGrad(() => forward(trainer.model, x, params, state, { training: false, seed: trainer.experiment.seed, stream: 0 }));
  const scores = await backend.read(out);
  out.dispose();
  x.dispose();
  const width = trainer.model.outputShape.at(-1) ?? 1;
  let mismatches = 0;
  for (let i = 0; i < n; i++) if (classOf(scores, i, width) !== result.trainClasses![i]) mismatches++;
  return { step, trainPoints: n, boundaryAccuracy: result.trainAccuracy ?? NaN, evalAccuracy: evaluated.testAccuracy ?? NaN, mismatches };
}

/** A failed refresh (a lost device, say) must not stop training; the run reports real failures. */
const warn = (e: unknown) => console.warn(`[boundary] ${e instanceof Error ? e.message : String(e)}`);

export type ProbePost = (m: { type: 'plane'; plane: PlaneInfo } | { type: 'probe'; result: ProbeResult } | ArrowsMessage, transfer: Transferable[]) => void;

export class ProbeDriver {
  /** False while the page has the views closed: no refreshes at all. */
  enabled = true;
  private inflight: Promise<void> | null = null;
  private lastStart = -Infinity;
  private interval = MIN_INTERVAL_MS;
  private disposed = false;
  /** The attack arrows over the plane (off until the page asks for them). */
  readonly arrows: ArrowDriver;

  private constructor(backend: Backend, private readonly trainer: Trainer, readonly probe: BoundaryProbe, split: Split, private readonly post: ProbePost) {
    const unavailable = arrowsUnavailable(split, probe.plane.features);
    this.arrows = new ArrowDriver(backend, trainer, split, unavailable, () => this.enabled && !this.disposed, post);
  }

  /** Null when the run's data are not 2-D points. Posts the plane once. */
  static create(backend: Backend, trainer: Trainer, split: Split, post: ProbePost): ProbeDriver | null {
    const features = featuresOf(trainer.experiment.data);
    const probe = BoundaryProbe.create(backend, { model: trainer.model, weights: trainer.weights, loss: trainer.experiment.loss, seed: trainer.experiment.seed }, split, features);
    if (!probe) return null;
    const driver = new ProbeDriver(backend, trainer, probe, split, post);
    const plane = probe.plane;
    post({ type: 'plane', plane }, []);
    return driver;
  }

  /** On a progress report while training: refresh unless one is in flight or one ran recently. */
  onProgress(): void {
    if (!this.enabled || this.disposed || this.inflight) return;
    if (performance.now() - this.lastStart < this.interval) return;
    this.start().catch(warn);
  }

  /** After training stopped, a step or a reset: refresh now (after any refresh in flight). */
  async refresh(): Promise<void> {
    if (!this.enabled || this.disposed) return;
    this.arrows.refresh();
    if (this.inflight) await this.inflight.catch(() => undefined);
    await this.start().catch(warn);
  }

  private start(): Promise<void> {
    this.arrows.request();
    const started = performance.now();
    this.lastStart = started;
    const step = this.trainer.stepsDone;
    const run = this.probe.run(step, (work) => this.trainer.excludeFromCounters(work)).then((result) => {
      this.interval = Math.max(MIN_INTERVAL_MS, TIME_SHARE * (performance.now() - started));
      if (this.disposed) return;
      const transfer = [result.output.buffer, ...(result.trainClasses ? [result.trainClasses.buffer] : []), ...result.layers.flatMap((l) => [l.nodes.buffer, l.weights.buffer, l.biases.buffer])];
      this.post({ type: 'probe', result }, transfer as Transferable[]);
    });
    const tracked = run.finally(() => { if (this.inflight === tracked) this.inflight = null; });
    this.inflight = tracked;
    return tracked;
  }

  /** Waits for a refresh in flight, then frees the probe's tensors. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.arrows.dispose();
    if (this.inflight) await this.inflight.catch(() => undefined);
    this.probe.dispose();
  }
}
