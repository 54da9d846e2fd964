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

/** The model's outputs on the test set in order, [test.n, width], from the same pass as the metrics. */
export interface TestOutputs {
  values: Float32Array;
  width: number;
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

  /**
   * Test loss and accuracy (or MSE) over the whole test set (or, with 'train', the training
   * set in eval mode, in its stored order); one readback. The keys say "test" either way.
   * With `keepOutputs`, the outputs of that same pass come back too (in the same readback),
   * so what is built from them (a confusion matrix) agrees with the metrics exactly.
   */
  async evaluate(which: 'test' | 'train' = 'test', keepOutputs = false): Promise<TestMetrics & { outputs?: TestOutputs }> {
    const b = this.backend;
    const test = which === 'train' ? this.data.train : this.data.test;
    const testOrder = which === 'train' ? b.upload(Array.from({ length: test.n }, (_, i) => i), [test.n], 'u32') : this.data.testOrder;
    const exp = this.experiment;
    const width = this.model.outputShape.reduce((a, c) => a * c, 1);
    const batches: number[][] = [[1], [1], [1]];
    for (let start = 0; keepOutputs && start < test.n; start += EVAL_BATCH) batches.push([Math.min(EVAL_BATCH, test.n - start), width]);
    const { flat: acc, views: accViews, offsets } = b.allocFlat(batches);
    noGrad(() => {
      for (let start = 0; start < test.n; start += EVAL_BATCH) {
        const n = Math.min(EVAL_BATCH, test.n - start);
        tidy(() => {
          const xb = gatherRows(test.x, testOrder, start, n);
          const yb = gatherRows(test.target, testOrder, start, n);
          const out = forward(this.model, xb, this.state.params, this.state.running, { training: false, seed: exp.seed, stream: 0 });
          if (keepOutputs) b.copy(out, accViews[3 + start / EVAL_BATCH]);
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
    if (testOrder !== this.data.testOrder) testOrder.dispose();
    const testLoss = v[offsets[0]] / test.n;
    const metrics: TestMetrics = test.labels ? { testLoss, testAccuracy: v[offsets[1]] / test.n } : { testLoss, testMse: v[offsets[2]] / test.n };
    if (!keepOutputs) return metrics;
    const values = new Float32Array(test.n * width);
    for (let i = 3; i < batches.length; i++) {
      const rows = batches[i][0];
      values.set(v.subarray(offsets[i], offsets[i] + rows * width), (i - 3) * EVAL_BATCH * width);
    }
    return { ...metrics, outputs: { values, width } };
  }

  dispose(): void {
    this.before.dispose();
  }
}
