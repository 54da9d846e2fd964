// Accuracy on the test set under attack: each test batch is attacked (adversarial.ts) and
// the model's predictions on the clean and the adversarial batch are counted, for one
// readback per ε. Classification only.
import type { Backend } from '../engine/backend';
import { noGrad } from '../engine/tape';
import { tidy, type Tensor } from '../engine/tensor';
import { gatherRows } from '../engine/ops/norm';
import { forward } from '../nn/model';
import type { DeviceSet } from './device-data';
import { adversarialExamples, type Attack, type AttackTarget } from './adversarial';

/** Test samples per attacked batch (PGD keeps a few activations of this size alive). */
const ATTACK_BATCH = 500;

export interface RobustAccuracy {
  attack: Attack['method'];
  epsilon: number;
  cleanAccuracy: number;
  robustAccuracy: number;
}

export async function robustAccuracy(backend: Backend, t: AttackTarget, test: DeviceSet, order: Tensor, attack: Attack): Promise<RobustAccuracy> {
  if (!test.labels) throw new Error('Attacks measure accuracy: they need a classification task.');
  const b = backend;
  const labels = test.labels;
  const { flat, views, offsets } = b.allocFlat([[1], [1]]);
  for (let start = 0; start < test.n; start += ATTACK_BATCH) {
    const n = Math.min(ATTACK_BATCH, test.n - start);
    tidy(() => {
      const x = gatherRows(test.x, order, start, n);
      const target = labels === test.target ? gatherRows(labels, order, start, n) : gatherRows(test.target, order, start, n);
      const y = labels === test.target ? target : gatherRows(labels, order, start, n);
      const adversarial = adversarialExamples(t, x, target, attack);
      noGrad(() => {
        const run = (input: Tensor) => forward(t.model, input, t.weights.params, t.weights.state, { training: false, seed: t.loss.seed, stream: 0 });
        b.addInPlace(views[0], b.countCorrect(run(x), y));
        b.addInPlace(views[1], b.countCorrect(run(adversarial), y));
      });
      adversarial.dispose();
    });
  }
  const v = await b.read(flat);
  flat.dispose();
  const n = Math.max(1, test.n);
  return { attack: attack.method, epsilon: attack.epsilon, cleanAccuracy: v[offsets[0]] / n, robustAccuracy: v[offsets[1]] / n };
}
