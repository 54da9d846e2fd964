import { SPEC_VERSION } from '../spec';
import type { Issue } from '../spec';

// Old experiments are brought forward one version at a time before validation, so a link
// made years ago still opens. Spec v1 is the first version: the table is empty until v2.

/** Turns an experiment of version n into version n + 1 (and sets `version` itself). */
export type Migration = (old: Record<string, unknown>) => Record<string, unknown>;

/** Keyed by the version a step starts from. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

/** A file without `version` is read as the first version there ever was. */
const FIRST_VERSION = 1;

export interface MigrationResult {
  value: unknown;
  errors: Issue[];
  warnings: Issue[];
}

export function migrateExperiment(
  input: unknown,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
  current: number = SPEC_VERSION,
): MigrationResult {
  const warnings: Issue[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { value: input, errors: [], warnings };
  let value = input as Record<string, unknown>;
  if (value.version === undefined) {
    warnings.push({ path: 'version', message: `version is missing; the experiment was read as version ${FIRST_VERSION}.` });
    value = { ...value, version: FIRST_VERSION };
  }
  // Versions that are not whole numbers, or newer than this app, are the validator's to report.
  const start = value.version;
  if (typeof start !== 'number' || !Number.isInteger(start) || start >= current) return { value, errors: [], warnings };

  for (let version = start; version < current; version++) {
    const step = migrations[version];
    if (!step) {
      const error = { path: 'version', message: `version ${start} is older than any this app can read (it reads versions ${current - countChain(migrations, current)} to ${current}).` };
      return { value, errors: [error], warnings };
    }
    try {
      value = step(value);
    } catch {
      // A migration meets whatever an old file holds; a malformed one must not crash the app.
      return { value, errors: [{ path: 'version', message: `The experiment could not be upgraded from version ${version} to ${version + 1}; it is malformed.` }], warnings };
    }
  }
  warnings.push({ path: 'version', message: `The experiment was upgraded from version ${start} to version ${current}.` });
  return { value, errors: [], warnings };
}

/** How many versions below `current` can be migrated without a gap. */
function countChain(migrations: Readonly<Record<number, Migration>>, current: number): number {
  let n = 0;
  while (migrations[current - 1 - n]) n++;
  return n;
}
