// The worker's side of the adversarial views: one test sample under attack, and test
// accuracy under attack over a list of ε, at the current weights (between two steps while
// training runs). worker.ts only forwards to this module.
import type { Split } from '../data';
import type { Experiment } from '../spec';
import type { Trainer } from '../train/trainer';
import type { AttackExample, AttackFromWorker, AttackRequest, ClassGuess } from './attack-protocol';
import type { AttackMethod } from '../train/adversarial';
import { outputProbabilities } from './insight';

const guess = (probs: number[]): ClassGuess => {
  let best = 0;
  probs.forEach((p, c) => { if (p > probs[best]) best = c; });
  return { predicted: best, confidence: probs[best] };
};

export class AttackReporter {
  constructor(
    private readonly trainer: Trainer,
    private readonly experiment: Experiment,
    private readonly split: Split,
    private readonly post: (m: AttackFromWorker) => void,
  ) {}

  async example(id: number, index: number, attack: AttackRequest): Promise<void> {
    const { test } = this.split;
    if (test.task !== 'classification') return this.post({ type: 'attackExample', id, example: null, message: 'Attacks need a classification task.' });
    if (!Number.isInteger(index) || index < 0 || index >= test.n) return this.post({ type: 'attackExample', id, example: null, message: `No test sample ${index}.` });
    const size = test.inputShape.reduce((a, c) => a * c, 1);
    const x = test.x.subarray(index * size, (index + 1) * size);
    const label = test.y[index];
    const r = await this.trainer.attackSample(x, label, attack);
    const original = this.raw(x);
    const adversarial = this.raw(r.adversarial);
    const image = test.inputShape.length === 3;
    const example: AttackExample = {
      index, label, method: attack.method, epsilon: attack.epsilon,
      classNames: this.classNames(),
      original, adversarial,
      perturbation: adversarial.map((v, i) => (image ? (v - original[i]) / 255 : r.adversarial[i] - x[i])),
      clean: guess(outputProbabilities(this.experiment, r.clean)),
      attacked: guess(outputProbabilities(this.experiment, r.attacked)),
    };
    this.post({ type: 'attackExample', id, example });
  }

  async robustness(id: number, method: AttackMethod, epsilons: number[], steps?: number): Promise<void> {
    if (this.split.test.task !== 'classification') return this.post({ type: 'robustness', id, method, rows: null, message: 'Attacks need a classification task.' });
    const rows = [];
    for (const epsilon of epsilons) rows.push(await this.trainer.robustness({ method, epsilon, steps }));
    this.post({ type: 'robustness', id, method, rows });
  }

  /** Normalised values back in the user's units: pixels 0..255 (unrounded), or the raw row. */
  private raw(v: ArrayLike<number>): number[] {
    const { offset, divisor } = this.split.stats;
    // 2-D sets with extra features: the statistics describe the raw pair only.
    if (offset.length !== 1 && offset.length !== v.length) return Array.from(v);
    return Array.from(v, (x, f) => {
      const k = offset.length === 1 ? 0 : f;
      return x * divisor[k] + offset[k];
    });
  }

  private classNames(): string[] {
    const { test } = this.split;
    const classes = Math.max(2, test.numClasses);
    return Array.from({ length: classes }, (_, c) => test.classNames?.[c] ?? String(c));
  }
}
