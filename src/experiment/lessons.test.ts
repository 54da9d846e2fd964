import { describe, expect, it } from 'vitest';
import { lessons, findLesson } from './lessons';
import { validateExperiment } from './validate';

describe('lessons', () => {
  it('are at least nine, each with its own id, text and view', () => {
    expect(lessons.length).toBeGreaterThanOrEqual(9);
    expect(new Set(lessons.map((l) => l.id)).size).toBe(lessons.length);
    for (const l of lessons) {
      expect(l.text.length, l.id).toBeGreaterThan(100);
      expect(l.title.length, l.id).toBeGreaterThan(5);
    }
  });

  for (const lesson of lessons) {
    it(`${lesson.id}: the experiment and its variant are valid and differ`, () => {
      expect(validateExperiment(lesson.experiment).errors).toEqual([]);
      expect(validateExperiment(lesson.tryIt.experiment).errors).toEqual([]);
      expect(lesson.tryIt.experiment).not.toEqual(lesson.experiment);
    });
  }

  it('adversarial: a plain MNIST model whose variant differs only in FGSM adversarial training', () => {
    const lesson = findLesson('adversarial')!;
    expect(lesson).toMatchObject({ title: 'Adversarial training: clean vs robust accuracy', view: 'robustness' });
    expect(lesson.tryIt.label).toBe('FGSM adversarial training');
    const { experiment: plain, tryIt: { experiment: hardened } } = lesson;
    expect(plain.data.dataset).toBe('mnist');
    expect(plain.data.normalize).toBe('scale'); // ε in pixels scaled to [0, 1]
    expect(plain.training.adversarial).toBeUndefined();
    expect(hardened.training.adversarial).toEqual({ method: 'fgsm', epsilon: 0.1, fraction: 0.5 });
    expect({ ...hardened, training: { ...hardened.training, adversarial: undefined } }).toEqual({ ...plain, training: { ...plain.training, adversarial: undefined } });
    // Small enough to train on the page: an MLP, a few hundred steps.
    const summary = validateExperiment(plain).summary!;
    expect(summary.totalParams).toBeLessThan(200_000);
    expect(plain.training.epochs).toBeLessThanOrEqual(2);
    // The text walks through the comparison the lesson is about.
    for (const words of ['Measure robustness', 'Compare', 'clean accuracy', 'samples per second', '\u03b5 = 0.1']) expect(lesson.text).toContain(words);
  });
});
