// How deeply JSON nests. Experiments come from strangers (share links, opened files, the
// runner's arguments), and much of what reads them recurses: structuredClone, migrations,
// the schema. A few thousand levels of `{"a":{"a":…}}` fit in a 576-character link and
// overflow the stack there, so depth is checked right after parsing, before anything
// else touches the value. Both walks below are iterative: they cannot overflow themselves.

/**
 * The deepest nesting an experiment may have. A real one nests 5 levels
 * (`model.layers[i].kernelSize[0]`); 32 leaves room for fields yet to come.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Nesting depth of JSON text: the most `{` / `[` open at once, brackets inside strings not
 * counted. A scalar is 0, `{}` is 1, `{"a":[1]}` is 2. Exact for valid JSON; for invalid
 * JSON it is some number, and JSON.parse reports the real problem.
 */
export function jsonTextDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++; // the escaped character cannot end the string
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) max = depth;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return max;
}

/**
 * Nesting depth of a parsed JSON value, counted as jsonTextDepth counts its text. Meant for
 * trees (what JSON.parse returns, or plain data built in code): shared sub-objects are
 * walked once per path and a cycle would never end.
 */
export function jsonValueDepth(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, above] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    const depth = above + 1;
    if (depth > max) max = depth;
    // Own enumerable keys only, as JSON.stringify sees them (`__proto__` from JSON.parse is one).
    for (const child of Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth]);
    }
  }
  return max;
}

/** The sentence for an experiment nested too deeply (one sentence, naming the limit). */
export function nestingMessage(depth: number, limit: number = MAX_JSON_DEPTH): string {
  return `The experiment is nested ${depth.toLocaleString('en-US')} levels deep; at most ${limit.toLocaleString('en-US')} are allowed.`;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
