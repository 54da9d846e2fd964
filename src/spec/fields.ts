import { z } from './zod';
import type { Range } from './ranges';

// Leaf schemas whose error message is the *expectation* ("a whole number from 1 to 64").
// validate.ts turns it into a full sentence with the field's name and the value it got,
// so every failure of one field reads the same way whatever check tripped.

export function wholeNumber(min: number, max: number) {
  const expect = `a whole number from ${min} to ${max}`;
  return z.int({ error: expect }).min(min, { error: expect }).max(max, { error: expect });
}

/** A finite number in a range; `above` makes the lower bound exclusive, `below` the upper. */
export function numberIn(min: number, max: number, opts: { above?: boolean; below?: boolean } = {}) {
  const low = opts.above ? `above ${min}` : `at least ${min}`;
  const high = opts.below ? `below ${max}` : `at most ${max}`;
  const expect = `a number ${low} and ${high}`;
  let schema = z.number({ error: expect });
  schema = opts.above ? schema.gt(min, { error: expect }) : schema.min(min, { error: expect });
  schema = opts.below ? schema.lt(max, { error: expect }) : schema.max(max, { error: expect });
  return schema;
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `one of ${values.join(', ')}` });
}

export function text(maxLength: number) {
  const expect = `a text of at most ${maxLength} characters`;
  return z.string({ error: expect }).max(maxLength, { error: expect });
}

export function flag() {
  return z.boolean({ error: 'true or false' });
}

/** A window size (kernel, pool, stride, dilation): a number or [h, w]. */
export function windowSize(max: number) {
  const side = wholeNumber(1, max);
  return z.union([side, z.tuple([side, side])], {
    error: `a whole number from 1 to ${max} or a pair [height, width]`,
  });
}

/** The schema of a setting with a range of ranges.ts (wholeNumber or numberIn, same messages). */
export function inRangeSchema(r: Range) {
  return r.integer ? wholeNumber(r.min, r.max) : numberIn(r.min, r.max, { above: r.above, below: r.below });
}
