// The decision boundary's attack arrows (2-D classification sets): where the chosen attack
// moves the first ARROW_POINTS test points at the current weights, and whether their
// predicted class flips. The attack is Robustness's own (attackBatch: the same FGSM/PGD in
// evaluation mode, against each point's true label, ε in normalised feature units); the
// ends go back to the raw plane with the split's statistics, since the plane is drawn raw.
//
// Pacing follows the boundary probe (probe-driver.ts): the work is issued between two
// training steps without going through the trainer's inspection queue, so the loop never
// waits for the readback; at most one set is in flight, at most one a second (ARROW_INTERVAL_MS)
// and at most 1/ARROW_TIME_SHARE of the wall time; a change of the attack or the weights
// that comes sooner is taken up when that time is out, so the last arrows match the last
// weights. Their own GPU work is left out of the step's counters.
import type { Backend, Counters } from '../engine/backend';
import { denormalizeValues } from '../data/normalize';
import { isDefaultFeatures } from '../data/features';
import type { Split } from '../data/types';
import type { FeatureName } from '../spec';
import type { AttackTarget } from '../train/adversarial';
import { attackBatch } from '../train/attack-sample';
import { predictedClasses } from '../train/insight';
import type { Trainer } from '../train/trainer';
import type { AttackArrows, AttackFromWorker, AttackRequest } from './attack-protocol';

/** Test points with an arrow (the first ones of the test set): enough to see the pattern, few enough to draw. */
export const ARROW_POINTS = 300;
/** At most one set of arrows a second... */
export const ARROW_INTERVAL_MS = 1000;
/** ... and the next waits this many times as long as the last took (the probe's rule: slow adapters thin out, training does not slow). */
export const ARROW_TIME_SHARE = 15;

export type ArrowsMessage = Extract<AttackFromWorker, { type: 'attackArrows' }>;

/** Why this run's test points cannot get arrows, or null when they can. */
export function arrowsUnavailable(split: Split, features: readonly FeatureName[]): string | null {
  if (!split.points) return 'Attack arrows are drawn for the 2-D datasets.';
  if (split.test.task !== 'classification') return 'Attack arrows need a classification task: they show where the predicted class flips.';
  // With extra features the attack moves x₁², sin(x₁), ... on their own: the result is no point of the plane.
  if (!isDefaultFeatures(features)) return 'Attack arrows need the inputs x₁ and x₂ alone: with extra features the attacked input is no point of the plane.';
  if (split.test.n === 0) return 'Attack arrows need test points: the test set is empty.';
  return null;
}

/**
 * The arrows under `attack` at the target's weights: one attacked batch of the first test
 * points and one readback. `onIssued` hears of the work once it is submitted.
 */
export async function attackArrows(b: Backend, t: AttackTarget, split: Split, attack: AttackRequest, step: number, onIssued?: (work: Counters) => void): Promise<AttackArrows> {
  const { test, points } = split;
  if (!points) throw new Error('Attack arrows need 2-D points.');
  const n = Math.min(ARROW_POINTS, test.n);
  const k = test.inputShape[0];
  const before = b.counters();
  // attackBatch issues everything (attack, forwards, the read) before its first await.
  const reading = attackBatch(b, t, test.x.subarray(0, n * k), test.y.subarray(0, n), attack);
  const after = b.counters();
  onIssued?.({ dispatches: after.dispatches - before.dispatches, submits: after.submits - before.submits, readbacks: after.readbacks - before.readbacks });
  const r = await reading;
  const width = r.clean.length / n;
  return {
    step, method: attack.method, epsilon: attack.epsilon,
    from: points.test.slice(0, 2 * n),
    to: denormalizeValues(r.adversarial, split.stats),
    clean: predictedClasses({ values: r.clean, width }),
    attacked: predictedClasses({ values: r.attacked, width }),
    testSize: test.n,
  };
}

const warn = (e: unknown) => console.warn(`[attack arrows] ${e instanceof Error ? e.message : String(e)}`);

export class ArrowDriver {
  private attack: AttackRequest | null = null;
  /** The attack or the weights changed since the last arrows (besides the step count). */
  private dirty = false;
  private lastStep = -1;
  private lastStart = -Infinity;
  private interval = ARROW_INTERVAL_MS;
  private measured = false;
  private inflight: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(
    private readonly backend: Backend,
    private readonly trainer: Trainer,
    private readonly split: Split,
    private readonly unavailable: string | null,
    /** False while the page hides the boundary: no arrows either. */
    private readonly enabled: () => boolean,
    private readonly post: (m: ArrowsMessage, transfer: Transferable[]) => void,
  ) {}

  /** The page's setting: arrows under `attack`, or none. */
  set(attack: AttackRequest | null): void {
    this.attack = attack;
    this.dirty = true;
    if (!attack) return;
    if (this.unavailable) return this.post({ type: 'attackArrows', arrows: null, message: this.unavailable }, []);
    this.request();
  }

  /** The weights may have changed without a step (a reset, a restored checkpoint, training stopped): new arrows when due. */
  refresh(): void {
    this.dirty = true;
    this.request();
  }

  /** The boundary refreshed as training moved on: new arrows when due (and not sooner). */
  request(): void {
    if (!this.attack || this.unavailable || this.disposed || !this.enabled()) return;
    if (!this.dirty && this.trainer.stepsDone === this.lastStep) return;
    // One in flight asks again when it lands; a timer already waits for the interval.
    if (this.inflight || this.timer !== undefined) return;
    const wait = this.lastStart + this.interval - performance.now();
    if (wait > 0) {
      this.timer = setTimeout(() => { this.timer = undefined; this.request(); }, wait);
      return;
    }
    this.start(this.attack);
  }

  private start(attack: AttackRequest): void {
    const started = performance.now();
    this.lastStart = started;
    this.dirty = false;
    const step = this.trainer.stepsDone;
    this.lastStep = step;
    const run = attackArrows(this.backend, this.trainer.attackTarget(), this.split, attack, step, (work) => this.trainer.excludeFromCounters(work))
      .then((arrows) => {
        // The first set compiles the attack's pipelines (seconds on a software adapter): a
        // one-off that would hold the next back for a minute. Later sets measure the work.
        if (this.measured) this.interval = Math.max(ARROW_INTERVAL_MS, ARROW_TIME_SHARE * (performance.now() - started));
        this.measured = true;
        // A newer setting is already marked dirty and comes next: this set is stale.
        if (this.disposed || this.attack !== attack) return;
        this.post({ type: 'attackArrows', arrows }, [arrows.from.buffer, arrows.to.buffer, arrows.clean.buffer, arrows.attacked.buffer] as Transferable[]);
      }, warn);
    const tracked = run.finally(() => {
      if (this.inflight === tracked) this.inflight = null;
      this.request();
    });
    this.inflight = tracked;
  }

  /** Stops the timer and waits for arrows in flight (the run's tensors go after this). */
  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.inflight) await this.inflight.catch(() => undefined);
  }
}
