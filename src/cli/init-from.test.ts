// --init-from: the round trip through the real trainer on the CPU (the runner's own
// weights.safetensors loads bit for bit before the first step), and the report for files
// that match partly or not at all.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors, type NamedTensor } from '../train/safetensors';
import { engineDeps } from './engine-deps';
import type { CliDeps } from './deps';
import { runCli } from './run';

const tmp = mkdtempSync(join(tmpdir(), 'cli-init-from-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const stream = () => ({ text: '', write(s: string) { this.text += s; } });

/** The real engine, but each trainer's weights are captured when its run starts (before step 1). */
function capturingDeps() {
  const atStart: NamedTensor[][] = [];
  const createTrainer: CliDeps['createTrainer'] = async (experiment, options) => {
    const trainer = await engineDeps.createTrainer(experiment, options);
    const run = trainer.run.bind(trainer);
    trainer.run = async () => { atStart.push(await trainer.exportWeights()); return run(); };
    return trainer;
  };
  return { atStart, createTrainer };
}

async function cli(argv: string[], extra: Partial<CliDeps> = {}) {
  const stdout = stream();
  const stderr = stream();
  const code = await runCli(argv, { stdout, stderr, cwd: tmp, now: () => 0, ...extra });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

// A different seed gives different initial weights, so a match can only come from the file.
const spiralOtherSeed = () => {
  const file = join(tmp, 'spiral-seed7.json');
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(join(tmp, 'a', 'experiment.json'), 'utf8')), seed: 7 }));
  return file;
};

describe('--init-from', () => {
  it('loads the runner\'s weights.safetensors bit for bit before the first step, and reports all matched', async () => {
    const first = await cli(['spiral', '--backend', 'cpu', '--epochs', '1', '--json', '--out', join(tmp, 'a')]);
    expect(first.code, first.stderr).toBe(0);
    const written = decodeSafetensors(new Uint8Array(readFileSync(join(tmp, 'a', 'weights.safetensors')))).tensors;

    const deps = capturingDeps();
    const second = await cli([spiralOtherSeed(), '--epochs', '1', '--json', '--init-from', join(tmp, 'a', 'weights.safetensors')], { createTrainer: deps.createTrainer });
    expect(second.code, second.stderr).toBe(0);
    const lines = second.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({
      kind: 'initFrom', file: join(tmp, 'a', 'weights.safetensors'),
      matched: written.map((t) => t.name), missing: [], shapeMismatch: [], unexpected: [],
    });
    expect(lines.at(-1)).toMatchObject({ final: true });
    const loaded = deps.atStart[0];
    expect(loaded.map((t) => t.name)).toEqual(written.map((t) => t.name));
    loaded.forEach((t, i) => {
      expect(t.shape).toEqual(written[i].shape);
      // Bit for bit: the same float32 words.
      expect(new Uint32Array(t.data.buffer, t.data.byteOffset, t.data.length)).toEqual(new Uint32Array(written[i].data.slice().buffer));
    });
  });

  it('loads what matches of a partly matching file and names the rest with the reason', async () => {
    const written = decodeSafetensors(new Uint8Array(readFileSync(join(tmp, 'a', 'weights.safetensors')))).tensors;
    const [first, second, ...rest] = written;
    const file = join(tmp, 'partial.safetensors');
    writeFileSync(file, encodeSafetensors([
      first,
      { name: second.name, shape: [second.data.length + 1], data: new Float32Array(second.data.length + 1) },
      { name: 'head.weight', shape: [2, 3], data: new Float32Array(6) },
      ...rest.slice(1),
    ]));
    const r = await cli([spiralOtherSeed(), '--epochs', '1', '--init-from', 'partial.safetensors']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`init from partial.safetensors: ${written.length - 2} of ${written.length} tensors matched and were loaded.`);
    expect(r.stdout).toContain(`${second.name}: shape mismatch, the model has [${second.shape.join(', ')}], the file [${second.data.length + 1}]; not loaded.`);
    expect(r.stdout).toContain(`${rest[0].name} [${rest[0].shape.join(', ')}]: missing from the file; it keeps its initial values.`);
    expect(r.stdout).toContain('head.weight [2, 3]: in the file but not in the model; ignored.');
  });

  it('refuses a file where nothing matches with exit 2 and a sentence, JSON report first', async () => {
    const file = join(tmp, 'unrelated.safetensors');
    writeFileSync(file, encodeSafetensors([{ name: 'encoder.0.weight', shape: [4], data: new Float32Array(4) }]));
    const r = await cli(['spiral', '--backend', 'cpu', '--json', '--init-from', file]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ kind: 'initFrom', matched: [], unexpected: [{ name: 'encoder.0.weight', shape: [4] }] });
    expect(r.stderr).toMatch(/^--init-from: No tensor in the weights file matches this model by name and shape \(the file holds encoder\.0\.weight\); nothing was loaded\./m);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('refuses a missing file or one that is not safetensors before loading any data', async () => {
    const missing = await cli(['spiral', '--backend', 'cpu', '--init-from', 'nope.safetensors']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--init-from: Could not read the weights file ${join(tmp, 'nope.safetensors')}: there is no such file.`);
    writeFileSync(join(tmp, 'junk.bin'), 'not a weights file at all');
    const junk = await cli(['spiral', '--backend', 'cpu', '--init-from', 'junk.bin']);
    expect(junk.code).toBe(2);
    expect(junk.stderr).toMatch(/--init-from: .*junk\.bin is not a weights file we can read: /);
    const noValue = await cli(['spiral', '--init-from']);
    expect(noValue.code).toBe(2);
    expect(noValue.stderr).toContain('--init-from needs a weights file');
  });
});
