// The runner on an experiment file using groupNorm (on vectors and images) and
// globalAvgPool2d: a real CPU run with --json and --out, and a groups value that does not
// divide the channels (exit code 2, the sentence on stderr).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { decodeSafetensors } from '../train/safetensors';
import { runCli } from './run';

const FILE = new URL('../testdata/experiments/group-norm-spiral.json', import.meta.url).pathname;
const sink = () => ({ text: '', write(s: string) { this.text += s; } });

it('trains an experiment file with groupNorm and globalAvgPool2d on the CPU', async () => {
  const out = mkdtempSync(join(tmpdir(), 'cli-layers-'));
  const stdout = sink();
  const stderr = sink();
  try {
    const code = await runCli([FILE, '--backend', 'cpu', '--epochs', '2', '--json', '--out', out], { stdout, stderr });
    expect(code, stderr.text).toBe(0);
    const final = JSON.parse(stdout.text.trimEnd().split('\n').at(-1)!);
    expect(final).toMatchObject({ final: true, epochs: 2, steps: 50 });
    for (const key of ['trainLoss', 'testLoss', 'testAccuracy']) expect(Number.isFinite(final[key]), key).toBe(true);
    const weights = decodeSafetensors(readFileSync(join(out, 'weights.safetensors')));
    expect(weights.tensors.reduce((sum, t) => sum + t.data.length, 0)).toBe(1090);
    expect(weights.tensors.map((t) => t.name)).toEqual(expect.arrayContaining(['layer2.gamma', 'layer2.beta', 'layer6.gamma', 'layer6.beta']));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

it('rejects groups that do not divide the channels, naming the field', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-layers-'));
  const experiment = JSON.parse(readFileSync(FILE, 'utf8'));
  experiment.model.layers[1].groups = 3;
  const file = join(dir, 'bad.json');
  writeFileSync(file, JSON.stringify(experiment));
  const stderr = sink();
  try {
    expect(await runCli([file, '--backend', 'cpu'], { stdout: sink(), stderr })).toBe(2);
    expect(stderr.text).toContain('model.layers[1].groups: Layer 2 (groupNorm): groups must divide the 16 channels: try 1, 2, 4, 8 or 16; got 3.');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
