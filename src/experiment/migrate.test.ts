import { describe, expect, test } from 'vitest';
import { migrateExperiment } from './migrate';
import type { Migration } from './migrate';

// Only v1 exists, so the mechanism is tested with a pretend history: v0 called the
// learning rate `learningRate`, and v1 -> v2 adds a field.
const pretend: Record<number, Migration> = {
  0: ({ learningRate, ...rest }) => ({ ...rest, version: 1, optimizer: { type: 'sgd', lr: learningRate } }),
  1: (old) => ({ ...old, version: 2, added: true }),
};

describe('migrateExperiment', () => {
  test('walks every step from an old version to the current one', () => {
    const r = migrateExperiment({ version: 0, learningRate: 0.5 }, pretend, 2);
    expect(r.errors).toEqual([]);
    expect(r.value).toEqual({ version: 2, optimizer: { type: 'sgd', lr: 0.5 }, added: true });
    expect(r.warnings[0].message).toBe('The experiment was upgraded from version 0 to version 2.');
  });

  test('leaves current, future and malformed versions to the validator', () => {
    for (const version of [2, 3, 1.5, 'x']) {
      const input = { version };
      expect(migrateExperiment(input, pretend, 2)).toEqual({ value: input, errors: [], warnings: [] });
    }
  });

  test('a version older than the chain is an error', () => {
    const r = migrateExperiment({ version: -1 }, pretend, 2);
    expect(r.errors.map((e) => e.path)).toEqual(['version']);
    expect(r.errors[0].message).toMatch(/older than any this app can read \(it reads versions 0 to 2\)/);
  });

  test('a migration that throws on malformed content is an error, not a crash', () => {
    const r = migrateExperiment({ version: 0 }, { 0: () => { throw new TypeError('boom'); } }, 1);
    expect(r.errors[0].message).toMatch(/could not be upgraded from version 0 to 1/);
  });

  test('with the real (empty) table, v1 passes through', () => {
    const input = { version: 1, seed: 3 };
    expect(migrateExperiment(input).value).toBe(input);
  });
});
