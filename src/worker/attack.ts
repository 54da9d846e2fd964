// The worker's side of the adversarial views: one test sample (or the drawn image) under
// attack, and test accuracy under attack over a list of ε, at the current weights (between
// two steps while training runs). worker.ts only forwards to this module.
import type { Split } from '../data';
import type { Experiment } from '../spec';
import type { Trainer } from '../train/trainer';
import type { AttackExample, AttackFromWorker, AttackImage, AttackRequest, ClassGuess } from './attack-protocol';
import { drawnImageInput } from '../data/normalize';
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

  /**
   * `image` under attack at the current weights: a test image against its label, or the
   * drawn image, prepared as for its prediction (drawnImageInput: the numbers a test image of
   * those pixels holds) and attacked away from the model's own clean prediction. Both go
   * through Trainer.attackSample, the same arithmetic in evaluation mode.
   */
  async example(id: number, image: AttackImage, attack: AttackRequest): Promise<void> {
    const { test } = this.split;
    if (test.task !== 'classification') return this.post({ type: 'attackExample', id, example: null, message: 'Attacks need a classification task.' });
    const size = test.inputShape.reduce((a, c) => a * c, 1);
    let x: ArrayLike<number>;
    let label: number | null;
    if (image.kind === 'drawn') {
      if (test.inputShape.length !== 3 || image.pixels.length !== size) return this.post({ type: 'attackExample', id, example: null, message: `A drawn image needs ${size} pixels of an image dataset; got ${image.pixels.length}.` });
      x = drawnImageInput(image.pixels, this.split.stats);
      label = null;
    } else {
      const { index } = image;
      if (!Number.isInteger(index) || index < 0 || index >= test.n) return this.post({ type: 'attackExample', id, example: null, message: `No test sample ${index}.` });
      x = test.x.subarray(index * size, (index + 1) * size);
      label = test.y[index];
    }
    const r = await this.trainer.attackSample(x, label, attack);
    // The numbers the model took (float32), so the perturbation is the attack's own.
    const input = Float32Array.from(x);
    const original = this.raw(input);
    const adversarial = this.raw(r.adversarial);
    const isImage = test.inputShape.length === 3;
    const example: AttackExample = {
      source: image.kind, index: image.kind === 'test' ? image.index : 0, label, method: attack.method, epsilon: attack.epsilon,
      classNames: this.classNames(),
      original, adversarial,
      perturbation: adversarial.map((v, i) => (isImage ? (v - original[i]) / 255 : r.adversarial[i] - input[i])),
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
