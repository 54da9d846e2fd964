// The one real run: the spiral preset on the CPU backend through the real trainer, data
// loader and backend selection (only the output streams are captured).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { decodeSafetensors, type SafetensorsFile } from '../train/safetensors';
import { createCpuBackend } from '../engine/cpu/backend';
import { noGrad } from '../engine/tape';
import { loadDataset } from '../data/load';
import { nodeIo } from '../data/node-io';
import { buildModel, forward } from '../nn/model';
import { parseExperiment, type Experiment } from '../spec';
import { findPreset } from '../experiment/presets';
import { runCli } from './run';

/** Test accuracy of the written weights, recomputed here on the CPU from the written experiment. */
async function recomputeAccuracy(experiment: Experiment, weights: SafetensorsFile): Promise<number> {
  const { test } = await loadDataset(experiment.data, experiment.seed, nodeIo(process.cwd()));
  const model = buildModel(test.inputShape, experiment.model.layers);
  const cpu = createCpuBackend('f32');
  const tensor = (p: { name: string; shape: number[] }) => {
    const t = weights.tensors.find((w) => w.name === p.name);
    if (!t) throw new Error(`weights.safetensors lacks ${p.name}`);
    expect(t.shape).toEqual(p.shape);
    return cpu.upload(t.data, p.shape);
  };
  const logits = noGrad(() =>
    forward(model, cpu.upload(test.x, [test.n, ...test.inputShape]), model.params.map(tensor), model.state.map(tensor), { training: false, seed: experiment.seed, stream: 0 }),
  );
  const out = await cpu.read(logits);
  const classes = out.length / test.n;
  let correct = 0;
  for (let i = 0; i < test.n; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (out[i * classes + c] > out[i * classes + best]) best = c;
    if (best === test.y[i]) correct++;
  }
  return correct / test.n;
}

it('trains the spiral preset for one epoch on the CPU and prints JSON lines', async () => {
  const out = mkdtempSync(join(tmpdir(), 'cli-e2e-'));
  const stdout = { text: '', write(s: string) { this.text += s; } };
  const stderr = { text: '', write(s: string) { this.text += s; } };
  try {
    const code = await runCli(['spiral', '--backend', 'cpu', '--epochs', '1', '--json', '--out', out], { stdout, stderr });
    expect(code, stderr.text).toBe(0);
    const lines = stdout.text.trimEnd().split('\n').map((line) => JSON.parse(line));
    const final = lines.at(-1);
    expect(final).toMatchObject({ final: true, epochs: 1, steps: 50 });
    // One epoch of the spiral learns part of it: above chance, far from done.
    expect(final.testAccuracy).toBeGreaterThan(0.5);
    expect(final.testAccuracy).toBeLessThan(1);
    for (const key of ['trainLoss', 'testLoss', 'samplesPerSec']) expect(Number.isFinite(final[key]), key).toBe(true);
    for (const line of lines.slice(0, -1)) {
      expect(line).toHaveProperty('step');
      expect(line).toHaveProperty('trainLoss');
      expect(line).not.toHaveProperty('final');
    }
    expect(lines.some((line) => line.kind === 'eval' && line.testAccuracy !== undefined)).toBe(true);
    expect(stderr.text).toMatch(/backend cpu/);

    const weights = decodeSafetensors(readFileSync(join(out, 'weights.safetensors')));
    expect(weights.tensors.reduce((sum, t) => sum + t.data.length, 0)).toBe(354);
    expect(weights.metadata).toMatchObject({ seed: '1234', dataset: 'spiral' });
    // The reported accuracy is the written weights' accuracy on the test split.
    const written = parseExperiment(JSON.parse(readFileSync(join(out, 'experiment.json'), 'utf8')));
    expect(await recomputeAccuracy(written.experiment!, weights)).toBe(final.testAccuracy);
    // metrics.jsonl holds the same lines as stdout.
    const metrics = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(metrics.at(-1)).toEqual(final);
    expect(lines.filter((l) => l.kind === 'eval').at(-1).testAccuracy).toBe(final.testAccuracy);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

it('stops a diverging run with exit 3, the exact step and the place, and leaves INCOMPLETE', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-e2e-nan-'));
  const stdout = { text: '', write(s: string) { this.text += s; } };
  const stderr = { text: '', write(s: string) { this.text += s; } };
  try {
    // Squared error with SGD at learning rate 10 grows geometrically (the app's NaN e2e).
    const experiment = { ...findPreset('plane')!.experiment, optimizer: { type: 'sgd', lr: 10 }, backend: 'cpu' };
    writeFileSync(join(dir, 'diverge.json'), JSON.stringify(experiment));
    const code = await runCli([join(dir, 'diverge.json'), '--json', '--out', join(dir, 'out')], { stdout, stderr });
    expect(code, stderr.text).toBe(3);
    const message = stderr.text.trimEnd().split('\n').at(-1)!;
    expect(message).toMatch(/^Training stopped at step (\d+): .*\. The first non-finite values appeared in layer \d \(dense\)/);
    const step = Number(/step (\d+)/.exec(message)![1]);
    // No progress line reaches the failing step, and there is no final line.
    const lines = stdout.text.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines.every((l) => !l.final && l.step < step)).toBe(true);
    expect(readFileSync(join(dir, 'out', 'INCOMPLETE'), 'utf8')).toContain(`step ${step}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
