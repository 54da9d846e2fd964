// Evaluation: test loss and accuracy (or MSE) over the whole test set, eagerly, with one
// readback; and gradient health of the epoch's last step (the parameters are copied just
// before it, so before/after and its gradients can be compared per layer).
import type { Backend } from '../engine/backend';
import { noGrad } from '../engine/tape';
import { tidy, type Tensor } from '../engine/tensor';
import { gatherRows } from '../engine/ops/norm';
import { forward, type Model } from '../nn/model';
import { lossOf } from '../nn/losses';
import type { Experiment } from '../spec';
import type { DeviceData } from './device-data';
import { layerHealth } from './health';
import type { TrainingState } from './training-state';
import type { LayerHealth } from './types';

/** Test samples per forward pass. */
const EVAL_BATCH = 1024;

export interface TestMetrics {
  testLoss: number;
  /** Classification only. */
  testAccuracy?: number;
  /** Regression only. */
  testMse?: number;
}

/**
 * Whether the trainer evaluates after optimizer step `index` (0-based): at the end of every
 * `evalEvery`-th epoch, and always after the last step.
 */
export function evaluatesAfter(index: number, stepsPerEpoch: number, totalSteps: number, evalEvery = 1): boolean {
  const lastOfEpoch = (index + 1) % stepsPerEpoch === 0;
  const epochNumber = Math.floor(index / stepsPerEpoch) + 1;
  return lastOfEpoch && (epochNumber % evalEvery === 0 || index + 1 === totalSteps);
}

export class Evaluator {
  /** The parameters just before the step whose update health measures. */
  private readonly before: Tensor;
  private measured = false;

  constructor(
    private readonly backend: Backend,
    private readonly experiment: Experiment,
    private readonly model: Model,
    private readonly data: DeviceData,
    private readonly state: TrainingState,
  ) {
    this.before = backend.zeros(state.paramFlat.shape);
  }

  /** Called before the step that health will describe (the last of an evaluated epoch). */
  keepParamsBeforeStep(): void {
    this.backend.copy(this.state.paramFlat, this.before);
    this.measured = true;
  }

  /** Per-layer gradient norm and update ratio of that step ([] when none was kept). */
  async health(): Promise<LayerHealth[]> {
    if (!this.measured) return [];
    this.measured = false;
    const b = this.backend;
    const s = this.state;
    const [before, after, grads] = await Promise.all([b.read(this.before), b.read(s.paramFlat), b.read(s.gradFlat)]);
    return layerHealth(this.model, s.layout, before, after, grads);
  }

  /** Forgets a kept copy (reset). */
  reset(): void {
    this.measured = false;
  }

  /** Test loss and accuracy (or MSE) over the whole test set; one readback. */
  async evaluate(): Promise<TestMetrics> {
    const b = this.backend;
    const { test, testOrder } = this.data;
    const exp = this.experiment;
    const { flat: acc, views: accViews, offsets } = b.allocFlat([[1], [1], [1]]);
    noGrad(() => {
      for (let start = 0; start < test.n; start += EVAL_BATCH) {
        const n = Math.min(EVAL_BATCH, test.n - start);
        tidy(() => {
          const xb = gatherRows(test.x, testOrder, start, n);
          const yb = gatherRows(test.target, testOrder, start, n);
          const out = forward(this.model, xb, this.state.params, this.state.running, { training: false, seed: exp.seed, stream: 0 });
          b.addInPlace(accViews[0], lossOf(exp.loss, out, yb, exp.huberDelta), n);
          if (test.labels) {
            const labels = test.labels === test.target ? yb : gatherRows(test.labels, testOrder, start, n);
            b.addInPlace(accViews[1], b.countCorrect(out, labels));
          } else {
            b.addInPlace(accViews[2], b.meanSquaredError(out, yb).loss, n);
          }
        });
      }
    });
    const v = await b.read(acc);
    acc.dispose();
    const testLoss = v[offsets[0]] / test.n;
    return test.labels ? { testLoss, testAccuracy: v[offsets[1]] / test.n } : { testLoss, testMse: v[offsets[2]] / test.n };
  }

  dispose(): void {
    this.before.dispose();
  }
}
