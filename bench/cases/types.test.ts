import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, SOFTWARE_DEFAULTS, median, parseOptions, resolveOptions } from './types';
import { caseList } from './suite';
import { resultName, withTable } from './report';

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

describe('bench cases', () => {
  const names = (given: Parameters<typeof resolveOptions>[0], software: boolean) =>
    caseList({ ours: null as never, tfjs: null, options: resolveOptions(given, software), log: () => {} }).map((d) => d.name);

  it('runs the rows where tfjs is strongest on hardware adapters or with --full, not by default on software', () => {
    for (const big of ['mlp adam b1024', 'mlp wide b256', 'cnn3x3 sgd b64']) {
      expect(names({}, false)).toContain(big);
      expect(names({}, true)).not.toContain(big);
      expect(names(parseOptions(['--full']).given, true)).toContain(big);
    }
    expect(names(parseOptions(['--no-big']).given, false)).not.toContain('mlp wide b256');
  });

  it('counts a training row\'s FLOPs from the step as computed, not 3x the forward', () => {
    const defs = caseList({ ours: null as never, tfjs: null, options: resolveOptions({ only: ['mlp adam b64'] }, true), log: () => {} });
    const mlp = defs[0];
    const fwd = 2 * (784 * 512 + 512 * 512 + 512 * 10);
    // Layer 1: forward + weight gradient; layers 2 and 3 also their input gradient.
    expect(mlp.flops).toBe(64 * (2 * 2 * 784 * 512 + 3 * 2 * (512 * 512 + 512 * 10)));
    expect(mlp.flops).toBeLessThan(3 * fwd * 64);
  });
});

describe('bench:gpu report', () => {
  const result = { meta: { adapter: 'NVIDIA H200 [software]', browser: 'Node', commit: 'abc1234', date: '2026-12-02T04:00:00.000Z', command: 'npm run bench:gpu' }, rows: [] } as never;

  it('names the file by adapter and date', () => {
    expect(resultName('NVIDIA H200', '2026-12-02T04:00:00Z')).toBe('nvidia-h200-2026-12-02.json');
    expect(resultName('google swiftshader [software]', '2026-12-02T04:00:00Z')).toBe('google-swiftshader-software-2026-12-02.json');
  });

  it('puts the table between the markers once, and a rerun replaces it', () => {
    const once = withTable('# Performance\n\ntext\n', result, 'x.json');
    expect(once).toContain('## The latest `npm run bench:gpu`');
    expect(once).toContain('commit abc1234');
    const twice = withTable(once.replace('abc1234', 'old0000'), result, 'x.json');
    expect(twice.match(/<!-- bench:gpu -->/g)).toHaveLength(1);
    expect(twice).toContain('commit abc1234');
    expect(twice).not.toContain('old0000');
    expect(twice.startsWith('# Performance\n\ntext\n')).toBe(true);
  });
});

describe('the CPU comparison rows', () => {
  it('are DESIGN.md\'s case names with " wasm"; tfjs-backend-wasm cannot train the CNN (no Conv2DBackpropFilter), so that row is ours only', () => {
    const tfjs = { gemm: () => null as never, train: () => null as never };
    const defs = caseList({ ours: null as never, tfjs, options: resolveOptions({}, true), log: () => {}, variant: 'wasm' });
    expect(defs.map((d) => d.name)).toEqual(['gemm NN 256x256x256 wasm', 'mlp adam b64 wasm', 'cnn sgd b64 wasm']);
    expect(defs.map((d) => d.tfjs !== null)).toEqual([true, true, false]);
  });
});
