import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';

const ok = (argv: string[]) => {
  const r = parseArgs(argv);
  if (!r.ok) throw new Error(r.error);
  return r.options;
};
const error = (argv: string[]) => {
  const r = parseArgs(argv);
  if (r.ok) throw new Error('expected an error');
  return r.error;
};

describe('parseArgs', () => {
  it('reads the source and every option, in any order, with or without =', () => {
    expect(ok(['spiral'])).toEqual({
      source: 'spiral', json: false, backend: null, epochs: null, out: null, resume: null, initFrom: null, maxMemoryMb: null, maxCsvMb: null, findLr: false, attack: null, epsilons: null, attackSteps: null, attackStepSize: null, listPresets: false, help: false,
    });
    expect(ok(['spiral', '--init-from', 'runs/a/weights.safetensors'])).toMatchObject({ initFrom: 'runs/a/weights.safetensors' });
    expect(ok(['spiral', '--init-from=w.safetensors'])).toMatchObject({ initFrom: 'w.safetensors' });
    expect(ok(['spiral', '--find-lr', '--json'])).toMatchObject({ findLr: true, json: true });
    expect(error(['spiral', '--find-lr=1'])).toMatch(/--find-lr takes no value/);
    expect(ok(['spiral', '--max-memory', '512', '--max-csv-mb=250.5'])).toMatchObject({ maxMemoryMb: 512, maxCsvMb: 250.5 });
    expect(ok(['--json', 'a.json', '--backend', 'cpu', '--epochs=3', '--out', 'runs/a'])).toMatchObject(
      { source: 'a.json', json: true, backend: 'cpu', epochs: 3, out: 'runs/a' },
    );
    expect(ok(['--', 'spiral', '--backend=webgpu'])).toMatchObject({ source: 'spiral', backend: 'webgpu' });
    expect(ok(['spiral', '--backend', 'wasm'])).toMatchObject({ source: 'spiral', backend: 'wasm' });
    expect(ok(['spiral', '--backend=wasm'])).toMatchObject({ backend: 'wasm' });
  });

  it('reads --resume DIR, with or without an experiment, and refuses it with --out', () => {
    expect(ok(['--resume', 'runs/a', '--epochs', '8'])).toMatchObject({ source: null, resume: 'runs/a', epochs: 8 });
    expect(ok(['spiral', '--resume=runs/a'])).toMatchObject({ source: 'spiral', resume: 'runs/a' });
    expect(error(['--resume'])).toMatch(/--resume needs the folder/);
    expect(error(['--resume', 'runs/a', '--out', 'runs/b'])).toMatch(/leave out --out/);
    expect(error(['--resume', 'runs/a', '--find-lr'])).toMatch(/one of --find-lr and --resume/);
    expect(error(['--resume', 'runs/a', '--init-from', 'w.safetensors'])).toMatch(/--init-from is for a new run/);
  });

  it('needs no source for --help and --list-presets', () => {
    expect(ok(['--help']).help).toBe(true);
    expect(ok(['-h']).help).toBe(true);
    expect(ok(['--list-presets']).listPresets).toBe(true);
  });

  it('explains each mistake in a sentence', () => {
    expect(error([])).toMatch(/Give an experiment/);
    expect(error(['spiral', '--frobnicate'])).toMatch(/Unknown option --frobnicate/);
    expect(error(['spiral', '--backend', 'tpu'])).toMatch(/--backend must be webgpu, cpu or wasm; got 'tpu'/);
    expect(error(['spiral', '--backend', 'WASM'])).toMatch(/--backend must be webgpu, cpu or wasm; got 'WASM'/);
    expect(error(['spiral', '--backend'])).toMatch(/got nothing/);
    expect(error(['spiral', '--epochs', '0'])).toMatch(/--epochs must be a whole number from 1 to 10000/);
    expect(error(['spiral', '--epochs', '2.5'])).toMatch(/--epochs/);
    expect(error(['spiral', '--out', '--json'])).toMatch(/--out needs a folder/);
    expect(error(['spiral', 'circle'])).toMatch(/Give one experiment/);
    expect(error(['spiral', '--json=yes'])).toMatch(/--json takes no value/);
    expect(error(['spiral', '--max-memory', '0'])).toBe("--max-memory must be a number of megabytes from 1 to 1048576; got '0'.");
    expect(error(['spiral', '--max-csv-mb', 'lots'])).toBe("--max-csv-mb must be a number of megabytes from 1 to 1048576; got 'lots'.");
  });
});
