// The trainer's checkpoints: the latest good training state, taken at every evaluation, at
// every pause and on a NaN/Inf stop. A checkpoint's copies are issued at once and travel
// from the device while the loop goes on (TrainingState.save), so taking one never stalls a
// step. A NaN/Inf stop goes back to the last good state, so that Resume (with, say, a lower
// learning rate) continues from there. The file format is checkpoint.ts.
import type { SavedTrainingState } from './training-state';

export type CheckpointReason = 'eval' | 'pause' | 'nonFinite';

/** What the keeper needs from the trainer. */
export interface CheckpointHost {
  /** The training state with early stopping's memory; every copy is issued before it returns. */
  save(): Promise<SavedTrainingState>;
  /** Puts a checkpoint back on the device (state and early stopping; metrics forgotten). */
  restore(saved: SavedTrainingState): Promise<void>;
  /** Receives each good checkpoint (TrainerOptions.onCheckpoint). */
  onCheckpoint?(checkpoint: SavedTrainingState, reason: CheckpointReason): void;
}

export class CheckpointKeeper {
  /** The latest checkpoint known to be good: the state a NaN/Inf stop returns to. */
  private lastGood: SavedTrainingState | null = null;
  /** The latest checkpoint of an evaluation, a pause or the start: where a repeated stop goes back to. */
  private lastSafe: SavedTrainingState | null = null;
  /** Whether lastGood is the state the guard left at a NaN/Inf stop (the brink of a divergence). */
  private lastGoodAtStop = false;
  /** A checkpoint whose copies are still travelling from the device. */
  private pending: Promise<void> | null = null;

  constructor(private readonly host: CheckpointHost) {}

  /** The latest good checkpoint (null before the first run of a fresh or reset trainer). */
  get latest(): SavedTrainingState | null {
    return this.lastGood;
  }

  /** Resolves once the copies of the last checkpoint have arrived (rejects if they failed). */
  async settled(): Promise<void> {
    await this.pending;
  }

  /** A fresh run's last good state is its start, so a NaN before the first evaluation still has somewhere to go back to. */
  async keepStart(): Promise<void> {
    if (!this.lastGood) this.adopt(await this.host.save());
  }

  /** The trainer's state was put back to `saved` (a restore) or to the seed's (a reset: null). */
  adopt(saved: SavedTrainingState | null): void {
    this.lastGood = this.lastSafe = saved;
    this.lastGoodAtStop = false;
  }

  /**
   * Starts a checkpoint: the copies are issued now and travel while the loop goes on. It
   * counts as good only when every value is finite (the loss guard's reads lag the steps).
   */
  take(reason: 'eval' | 'pause'): void {
    const previous = this.pending;
    const saving = this.host.save();
    this.pending = (async () => {
      await previous;
      const saved = await saving;
      if (!stateIsFinite(saved)) return;
      this.adopt(saved);
      this.host.onCheckpoint?.(saved, reason);
    })();
    // Awaited by the loop (which reports a failure); never an unhandled rejection meanwhile.
    this.pending.catch(() => {});
  }

  /** A pause's checkpoint, unless the latest one is of this very step already. */
  takeAtPause(step: number): void {
    if (this.lastGood?.step !== step) this.take('pause');
  }

  /**
   * After a NaN/Inf stop, the last good state, ready to resume; false when there is none.
   * `rewound`: the step guard stopped the run, so the state already is the step before the
   * flagged one (the guard made the bad step change nothing) and becomes the checkpoint.
   * Otherwise (a test loss went non-finite) the last good checkpoint goes back on the device.
   */
  async backToLastGood(rewound: boolean): Promise<boolean> {
    await this.pending?.catch(() => {});
    if (rewound) {
      const saved = await this.host.save();
      // NOTE: a divergence usually builds up over many steps, so the last good step may be on
      // the brink: resumed from it, the next step can go non-finite again at once, whatever
      // the new learning rate. Then the run goes back to the last evaluation (or pause)
      // instead, from before the divergence began.
      const stuck = this.lastGoodAtStop && this.lastGood?.step === saved.step && this.lastSafe !== null;
      if (stateIsFinite(saved) && !stuck) {
        this.lastGood = saved;
        this.lastGoodAtStop = true;
        this.host.onCheckpoint?.(saved, 'nonFinite');
        return true;
      }
      this.lastGood = this.lastSafe;
    }
    this.lastGoodAtStop = false;
    if (!this.lastGood) return false;
    await this.host.restore(this.lastGood);
    this.host.onCheckpoint?.(this.lastGood, 'nonFinite');
    return true;
  }
}

function stateIsFinite(saved: SavedTrainingState): boolean {
  const all = [...saved.params, ...saved.optimizer.flat(), ...saved.running];
  return all.every((a) => a.every((v) => Number.isFinite(v)));
}
