// The adversarial views' pure helpers: the example's summary line; the decision boundary's
// attack arrows (their summary, their ends on the plot, when a run can have them).
import { describe, expect, it } from 'vitest';
import type { AttackArrows, AttackExample } from '../../worker/attack-protocol';
import type { PlaneInfo } from '../../worker/protocol';
import { drawnNoun, exampleSummary } from './adversarial/summary';
import { arrowLines, arrowSummary, arrowsUnavailableOn, flipCount } from './boundary/arrows';

const example = (edit: Partial<AttackExample>): AttackExample => ({
  source: 'test', index: 3, label: 5, method: 'fgsm', epsilon: 0.1, classNames: Array.from({ length: 10 }, (_, c) => String(c)),
  original: [], adversarial: [], perturbation: [],
  clean: { predicted: 5, confidence: 0.99 }, attacked: { predicted: 3, confidence: 0.712 }, ...edit,
});

describe('adversarial example summary', () => {
  it('names a test image by index and label', () => {
    expect(exampleSummary(example({}))).toBe('Test image 3 (a 5): 5 at 99.0% before, 3 at 71.2% after FGSM at ε = 0.1: the prediction changed.');
    expect(exampleSummary(example({ attacked: { predicted: 5, confidence: 0.6 } }))).toMatch(/: the prediction held\.$/);
  });

  it('names the drawn digit by its clean prediction (it has no label)', () => {
    const drawn = example({ source: 'drawn', index: 0, label: null, clean: { predicted: 7, confidence: 0.981 }, attacked: { predicted: 3, confidence: 0.61 } });
    expect(exampleSummary(drawn, drawnNoun('mnist'))).toBe('The drawn digit (predicted 7 at 98.1%), after FGSM at ε = 0.1: 3 at 61.0%: the prediction changed.');
    expect(exampleSummary({ ...drawn, method: 'pgd', attacked: drawn.clean }, drawnNoun('fashion-mnist'))).toBe('The drawn garment (predicted 7 at 98.1%), after PGD at ε = 0.1: 7 at 98.1%: the prediction held.');
  });
});

const arrows = (clean: number[], attacked: number[], edit: Partial<AttackArrows> = {}): AttackArrows => ({
  step: 40, method: 'fgsm', epsilon: 0.1, testSize: clean.length,
  from: new Float32Array(2 * clean.length), to: new Float32Array(2 * clean.length),
  clean: Uint32Array.from(clean), attacked: Uint32Array.from(attacked), ...edit,
});

describe('attack arrows', () => {
  it('count the points whose predicted class flips', () => {
    const a = arrows([0, 1, 1, 0, 1], [1, 1, 0, 0, 1]);
    expect(flipCount(a)).toBe(2);
    expect(arrowSummary(a)).toBe('FGSM at ε = 0.1 moves 5 test points; 2 change their predicted class.');
    expect(arrowSummary(arrows([0], [1], { method: 'pgd', epsilon: 0.3 }))).toBe('PGD at ε = 0.3 moves 1 test point; 1 changes its predicted class.');
    const many = arrows(new Array(300).fill(0), [...new Array(41).fill(1), ...new Array(259).fill(0)], { testSize: 500 });
    expect(arrowSummary(many)).toBe('FGSM at ε = 0.1 moves the first 300 of 500 test points; 41 change their predicted class.');
  });

  it('run from each raw test point to its raw adversarial point on the plot (x₂ up)', () => {
    // Raw plane [-6, 6]² on 600 pixels: 50 pixels a unit, (0, 0) in the middle.
    const a = arrows([0, 1], [1, 1], { from: Float32Array.from([0, 0, -6, 6]), to: Float32Array.from([1.5, -0.5, -5, 6]) });
    expect(arrowLines(a, 6, 600)).toEqual([
      { x1: 300, y1: 300, x2: 375, y2: 325, flipped: true },
      { x1: 0, y1: 0, x2: 50, y2: 0, flipped: false },
    ]);
  });

  it('need a classification run on x₁ and x₂ alone', () => {
    const plane = (edit: Partial<PlaneInfo>) => ({ task: 'classification', features: ['x1', 'x2'], ...edit }) as PlaneInfo;
    expect(arrowsUnavailableOn(plane({}))).toBeNull();
    expect(arrowsUnavailableOn(plane({ task: 'regression' }))).toMatch(/classification/);
    expect(arrowsUnavailableOn(plane({ features: ['x1', 'x2', 'sinX1'] }))).toMatch(/x₁ and x₂ alone/);
    expect(arrowsUnavailableOn(plane({ features: ['x2', 'x1'] }))).toMatch(/x₁ and x₂ alone/);
  });
});
