import { describe, expect, it } from 'vitest';
import { lessons } from './lessons';
import { validateExperiment } from './validate';

describe('lessons', () => {
  it('are at least eight, each with its own id, text and view', () => {
    expect(lessons.length).toBeGreaterThanOrEqual(8);
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
});
