import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, SOFTWARE_DEFAULTS, median, parseOptions, resolveOptions } from './types';

describe('bench options', () => {
  it('keeps only the flags given, for the page to resolve', () => {
    const { given, json, rest } = parseOptions(['--sizes', '256,1024', '--json', 'out.json', '--no-cnn', '--timeout', '5', '--headed']);
    expect(given).toEqual({ sizes: [256, 1024], cnn: false });
    expect(json).toBe('out.json');
    expect(rest.get('--timeout')).toBe('5');
    expect(rest.get('--headed')).toBe(true);
  });

  it('shrinks the defaults on a software adapter unless flags say otherwise', () => {
    expect(resolveOptions({}, false)).toEqual(DEFAULT_OPTIONS);
    expect(resolveOptions({}, true).mlpBatches).toEqual(SOFTWARE_DEFAULTS.mlpBatches);
    expect(resolveOptions(parseOptions(['--full']).given, true).mlpBatches).toEqual([64, 1024]);
    expect(resolveOptions(parseOptions(['--full', '--sizes', '128']).given, true).sizes).toEqual([128]);
  });

  it('parses extra shapes and rejects bad input', () => {
    expect(parseOptions(['--shapes', '784x512x64']).given.shapes).toEqual([[784, 512, 64]]);
    expect(() => parseOptions(['--shapes', '7x8'])).toThrow(/MxNxK/);
    expect(() => parseOptions(['--layouts', 'TT'])).toThrow(/layout/);
    expect(() => parseOptions(['--sizes'])).toThrow(/needs a value/);
  });

  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
