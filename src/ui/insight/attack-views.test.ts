// The adversarial views' pure helpers: the example's summary line.
import { describe, expect, it } from 'vitest';
import type { AttackExample } from '../../worker/attack-protocol';
import { drawnNoun, exampleSummary } from './adversarial/summary';

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
