import { LAYER_TYPES } from './enums';

/** One problem found in an experiment: a 0-based machine path and a sentence for people. */
export interface Issue {
  /** e.g. `model.layers[2].filters`, `optimizer.lr`; '' for the whole experiment. */
  path: string;
  message: string;
  /** 'budget': over the memory budget, which a person may accept ("Train anyway"). */
  kind?: 'budget';
}

type Key = PropertyKey;

/** `['model', 'layers', 2, 'filters']` -> `model.layers[2].filters`. */
export function formatPath(path: readonly Key[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${clip(JSON.stringify(String(key)), 60)}]`;
  }
  return out;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A value as it may appear in a message: short, quoted, never markup-bearing raw text. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length <= 4 && value.every((v) => typeof v === 'number') ? `[${value.join(', ')}]` : 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return clip(JSON.stringify(value), 40);
  return clip(String(value), 40);
}

export function showShape(shape: readonly number[] | null): string {
  return shape ? `[${shape.join(', ')}]` : 'an unknown shape';
}

function child(value: unknown, key: Key): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  return Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<Key, unknown>)[key] : undefined;
}

/** "Layer 3 (conv2d)" from the raw experiment; layers count from 1 for people. */
export function layerLabel(index: number, type: unknown): string {
  const known = typeof type === 'string' && (LAYER_TYPES as readonly string[]).includes(type);
  return `Layer ${index + 1}${known ? ` (${type})` : ''}`;
}

/** The subject of a sentence about the field at `path` of the raw experiment `root`. */
export function fieldSubject(path: readonly Key[], root: unknown): string {
  if (path[0] === 'model' && path[1] === 'layers' && typeof path[2] === 'number') {
    const layer = child(child(child(root, 'model'), 'layers'), path[2]);
    const label = layerLabel(path[2], child(layer, 'type'));
    const rest = formatPath(path.slice(3));
    return rest ? `${label}: ${rest}` : label;
  }
  return formatPath(path) || 'The experiment';
}

/**
 * A sentence from a field and the expectation it failed ("a whole number from 1 to 64"):
 * "Layer 2 (dropout): rate must be a number at least 0 and below 1; got 1.5."
 */
export function expectationSentence(subject: string, expectation: string, input: unknown): string {
  // Messages zod wrote itself (not ours) start with a capital: pass them through.
  if (/^[A-Z]/.test(expectation)) return `${subject}: ${expectation.replace(/\.?$/, '.')}`;
  if (input === undefined) return `${subject} is missing; set it to ${expectation}.`;
  return `${subject} must be ${expectation}; got ${showValue(input)}.`;
}
