import type * as z from 'zod';
import { OPTIMIZER_DEFAULTS, OPTIMIZER_FIELDS, SPEC_VERSION, experimentSchema } from './schema';
import { POINT_DATASETS } from './datasets';
import type { Experiment } from './schema';
import { expectationSentence, fieldSubject, formatPath, showValue } from './issues';
import type { Issue } from './issues';

export type { Issue } from './issues';

export interface ParseResult {
  /** The experiment with defaults filled and unknown fields dropped; null when there are errors. */
  experiment: Experiment | null;
  errors: Issue[];
  warnings: Issue[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The sentence for an experiment made by a newer app; shared with the link decoder. */
export function futureVersionMessage(version: number): string {
  return `This experiment was made by a newer version of the playground (version ${version}); this app reads version ${SPEC_VERSION}.`;
}

/**
 * Checks an experiment against spec v1 and reports every problem at once.
 * Unknown fields are warnings and are dropped, so a file from a newer minor revision still opens.
 */
export function parseExperiment(input: unknown): ParseResult {
  if (!isRecord(input)) {
    return fail({ path: '', message: `An experiment must be a JSON object; got ${showValue(input)}.` });
  }
  const version = input.version;
  if (typeof version === 'number' && Number.isInteger(version) && version > SPEC_VERSION) {
    // Later fields mean nothing to this app: one clear error beats a page of confusing ones.
    return fail({ path: 'version', message: futureVersionMessage(version) });
  }

  const warnings: Issue[] = [];
  let result = experimentSchema.safeParse(input, { reportInput: true });
  const unknown = result.success ? [] : result.error.issues.filter((i) => i.code === 'unrecognized_keys');
  let cleaned: unknown = input;
  if (unknown.length > 0) {
    cleaned = structuredClone(input);
    for (const issue of unknown) {
      const owner = at(cleaned, issue.path) as Record<string, unknown>;
      for (const key of issue.keys) {
        warnings.push({ path: formatPath([...issue.path, key]), message: `Unknown field ${formatPath([...issue.path, key])} was ignored.` });
        delete owner[key];
      }
    }
    result = experimentSchema.safeParse(cleaned, { reportInput: true });
  }

  const errors = result.success ? [] : result.error.issues.map((i) => describeIssue(i, cleaned));
  errors.push(...crossFieldErrors(cleaned));
  warnings.push(...crossFieldWarnings(cleaned));
  const experiment = result.success && errors.length === 0 ? result.data : null;
  return { experiment, errors, warnings };
}

function fail(error: Issue): ParseResult {
  return { experiment: null, errors: [error], warnings: [] };
}

function at(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) value = (value as Record<PropertyKey, unknown>)[key];
  return value;
}

function describeIssue(issue: z.core.$ZodIssue, root: unknown): Issue {
  const path = formatPath(issue.path);
  const subject = fieldSubject(issue.path, root);
  if (issue.path.length === 1 && issue.path[0] === 'version') {
    return { path, message: `version must be ${SPEC_VERSION} (the experiment format this app reads); got ${showValue(issue.input)}.` };
  }
  // A failed discriminator reports the whole layer as its input; the sentence wants the type.
  const input = issue.code === 'invalid_union' && 'discriminator' in issue && isRecord(issue.input)
    ? issue.input[String(issue.discriminator)]
    : issue.input;
  return { path, message: expectationSentence(subject, issue.message, input) };
}

// Checks that involve two fields. They read the raw input defensively so they run even
// when other fields fail the schema: the user sees every problem in one go.

function crossFieldErrors(raw: unknown): Issue[] {
  const errors: Issue[] = [];
  const data = isRecord(raw) && isRecord(raw.data) ? raw.data : {};
  if (data.dataset === 'csv' && data.csv === undefined) {
    errors.push({ path: 'data.csv', message: 'data.csv is missing; a csv dataset needs { "file", "target", "task" } naming the file, its target column and the task.' });
  }
  errors.push(...featureErrors(data));
  const train = data.trainFraction;
  const validation = data.validationFraction;
  if (typeof train === 'number' && typeof validation === 'number' && train + validation >= 1) {
    errors.push({
      path: 'data.validationFraction',
      message: `data.validationFraction plus data.trainFraction must stay below 1 to leave a test split; got ${validation} + ${train}. Lower one of them.`,
    });
  }
  return errors;
}

/** `data.features`: each name once, and only on the 2-D point sets (names are the schema's check). */
function featureErrors(data: Record<string, unknown>): Issue[] {
  const features = data.features;
  if (features === undefined || !Array.isArray(features)) return [];
  const errors: Issue[] = [];
  const seen = new Set<unknown>();
  features.forEach((f, i) => {
    if (seen.has(f)) errors.push({ path: `data.features[${i}]`, message: `data.features lists ${showValue(f)} twice; give each feature once.` });
    seen.add(f);
  });
  const dataset = data.dataset;
  const points = typeof dataset === 'string' && (POINT_DATASETS as readonly string[]).includes(dataset);
  if (typeof dataset === 'string' && !points) {
    errors.push({ path: 'data.features', message: `data.features applies to the 2-D point datasets (${POINT_DATASETS.join(', ')}), not to ${showValue(dataset)}; remove it.` });
  }
  return errors;
}

/** Per-optimizer settings: set on an optimizer that does not take one, it is ignored (a warning). */
const OPTIMIZER_SETTINGS = Object.keys(OPTIMIZER_FIELDS) as (keyof typeof OPTIMIZER_FIELDS)[];

function crossFieldWarnings(raw: unknown): Issue[] {
  const warnings: Issue[] = [];
  if (!isRecord(raw)) return warnings;
  const data = isRecord(raw.data) ? raw.data : {};
  if (data.csv !== undefined && data.dataset !== 'csv') {
    warnings.push({ path: 'data.csv', message: `data.csv is ignored because data.dataset is ${showValue(data.dataset)}, not "csv".` });
  }
  if (raw.huberDelta !== undefined && raw.loss !== 'huber') {
    warnings.push({ path: 'huberDelta', message: `huberDelta is ignored because the loss is ${showValue(raw.loss)}, not "huber".` });
  }
  const optimizer = isRecord(raw.optimizer) ? raw.optimizer : {};
  const type = optimizer.type;
  if (typeof type === 'string' && Object.prototype.hasOwnProperty.call(OPTIMIZER_DEFAULTS, type)) {
    const uses = OPTIMIZER_DEFAULTS[type as keyof typeof OPTIMIZER_DEFAULTS];
    for (const field of OPTIMIZER_SETTINGS) {
      if (optimizer[field] !== undefined && !(field in uses)) {
        warnings.push({ path: `optimizer.${field}`, message: `optimizer.${field} does not apply to ${type} and is ignored.` });
      }
    }
  }
  return warnings;
}
