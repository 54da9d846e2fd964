import { describe, expect, test } from 'vitest';
import { MAX_JSON_DEPTH, jsonTextDepth, jsonValueDepth, nestingMessage } from './json-depth';
import { defaultExperiment } from './defaults';

describe('JSON nesting depth', () => {
  test.each([
    ['1', 0], ['"{["', 0], ['null', 0], ['{}', 1], ['[]', 1], ['{"a":[1]}', 2], ['[[],[[]],[]]', 3],
    ['{"a":"}}}{{{"}', 1], ['{"a":"\\"{["}', 1], ['["\\\\", [["\\\\"]]]', 3], ['{"k\\"[":{"x":[{}]}}', 4],
  ])('%s is %i deep, as text and as a value', (text, depth) => {
    expect(jsonTextDepth(text)).toBe(depth);
    expect(jsonValueDepth(JSON.parse(text))).toBe(depth);
  });

  test('a real experiment is 5 deep, well inside the limit', () => {
    const e = { ...defaultExperiment(), model: { layers: [{ type: 'conv2d', filters: 1, kernelSize: [3, 3] }] } };
    expect(jsonValueDepth(e)).toBe(5);
    expect(jsonTextDepth(JSON.stringify(e))).toBe(5);
    expect(MAX_JSON_DEPTH).toBe(32);
  });

  test('half a million levels: both walks are iterative and do not overflow', () => {
    const n = 500_000;
    const text = '['.repeat(n) + ']'.repeat(n);
    expect(jsonTextDepth(text)).toBe(n);
    const value = JSON.parse(text); // V8's parser is iterative; structuredClone of this would overflow
    expect(jsonValueDepth(value)).toBe(n);
    expect(() => structuredClone(value)).toThrow(RangeError);
  });

  test('own keys named __proto__ are walked (JSON.parse makes them own keys)', () => {
    expect(jsonValueDepth(JSON.parse('{"__proto__":{"__proto__":{"a":[]}}}'))).toBe(4);
  });

  test('one sentence naming the depth and the limit', () => {
    expect(nestingMessage(4000)).toBe('The experiment is nested 4,000 levels deep; at most 32 are allowed.');
  });
});
