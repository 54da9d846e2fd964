// --resume through the real runner, trainer and CPU backend: a run interrupted after an
// evaluation and resumed ends bit for bit where the same run uninterrupted ends (weights,
// checkpoint and every metrics line but the timings); the folder problems exit 2.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeSafetensors } from '../train/safetensors';
import { decodeCheckpoint } from '../train/checkpoint';
import type { ExperimentInput } from '../spec';
import type { CliDeps } from './deps';
import { engineDeps } from './engine-deps';
import { runCli } from './run';
import { OUT_FILES } from './out-dir';

const tmp = mkdtempSync(join(tmpdir(), 'cli-resume-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every random stream and piece of state a resume must carry: dropout, batch norm, Adam, cosine, early stopping. */
const experiment: ExperimentInput = {
  version: 1,
  seed: 77,
  data: { dataset: 'spiral', noise: 0.1, trainFraction: 0.5, normalize: 'standard' },
  model: {
    layers: [
      { type: 'dense', units: 12, activation: 'relu' },
      { type: 'batchNorm' },
      { type: 'dropout', rate: 0.2 },
      { type: 'dense', units: 2 },
    ],
  },
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'adam', lr: 0.01 },
  schedule: { type: 'cosine', warmupSteps: 7 },
  training: { batchSize: 16, epochs: 4, clipGradNorm: 1, evalEvery: 1, earlyStopping: { metric: 'testLoss', patience: 20 } },
  backend: 'cpu',
};
const experimentFile = join(tmp, 'experiment.json');
writeFileSync(experimentFile, JSON.stringify(experiment));

const stream = () => ({ text: '', write(s: string) { this.text += s; } });

/** Runs the CLI on the real engine; `interruptAfterEval` presses Ctrl-C once that epoch's evaluation is reported. */
async function cli(argv: string[], interruptAfterEval?: number) {
  const stdout = stream();
  const stderr = stream();
  let interrupt: (() => void) | null = null;
  const deps: Partial<CliDeps> = {
    ...engineDeps,
    stdout, stderr, cwd: tmp, now: () => 0,
    onInterrupt: (handler) => { interrupt = handler; return () => { interrupt = null; }; },
    exit: () => { throw new Error('exit called'); },
    createTrainer: (e, options) => engineDeps.createTrainer(e, {
      ...options,
      onEvent(ev) {
        options.onEvent(ev);
        if (ev.kind === 'eval' && ev.epoch === interruptAfterEval) interrupt?.();
      },
    }),
  };
  const code = await runCli(argv, deps);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const TIMINGS = new Set(['samplesPerSec', 'msPerStep', 'gflops', 'dispatchesPerStep', 'submitsPerStep', 'readbacksPerStep', 'seconds']);
/** metrics.jsonl without the fields that measure time (they differ between any two runs). */
function metricsOf(dir: string): unknown[] {
  return readFileSync(join(dir, OUT_FILES.metrics), 'utf8').trim().split('\n')
    .map((line) => Object.fromEntries(Object.entries(JSON.parse(line) as Record<string, unknown>).filter(([k]) => !TIMINGS.has(k))));
}
const tensorsOf = (dir: string, file: string) => decodeSafetensors(readFileSync(join(dir, file))).tensors;

describe('npm run train -- --resume DIR (CPU)', () => {
  it('an interrupted run, resumed, ends bit for bit as the uninterrupted run', async () => {
    const whole = join(tmp, 'whole');
    expect((await cli([experimentFile, '--out', whole, '--json'])).code).toBe(0);

    const parted = join(tmp, 'parted');
    const first = await cli([experimentFile, '--out', parted, '--json'], 2);
    expect(first.code).toBe(130);
    expect(readFileSync(join(parted, OUT_FILES.incomplete), 'utf8')).toMatch(/--resume/);
    const checkpoint = decodeCheckpoint(readFileSync(join(parted, OUT_FILES.checkpoint)));
    const stepsPerEpoch = Number(checkpoint.metadata.stepsPerEpoch);
    expect(checkpoint.state.step).toBe(2 * stepsPerEpoch);
    expect(checkpoint.metadata.experimentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(checkpoint.seed).toBe(77);
    // Clear names: weights, Adam's moments, batch norm's statistics.
    const names = decodeSafetensors(readFileSync(join(parted, OUT_FILES.checkpoint))).tensors.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['layer1.weight', 'optimizer.m.layer1.weight', 'optimizer.v.layer4.bias', 'layer2.runningMean', 'layer2.runningVar']));

    const second = await cli(['--resume', parted, '--json']);
    expect(second.stderr).toMatch(/resuming .* from step/);
    expect(second.code).toBe(0);
    expect(existsSync(join(parted, OUT_FILES.incomplete))).toBe(false);
    expect(existsSync(join(parted, OUT_FILES.lock))).toBe(false);
    expect(existsSync(join(parted, `${OUT_FILES.checkpoint}.tmp`))).toBe(false);

    // The first 100 steps' losses ({"kind": "step"}) are read once by a run that took them all
    // from step 0 (docs/cli.md): the interrupted run stopped before, the resumed one lacks the early ones.
    const noStepLines = (lines: ReturnType<typeof metricsOf>) => lines.filter((l) => (l as { kind?: string }).kind !== 'step');
    expect(metricsOf(whole).some((l) => (l as { kind?: string }).kind === 'step')).toBe(true);
    expect(metricsOf(parted).some((l) => (l as { kind?: string }).kind === 'step')).toBe(false);
    expect(noStepLines(metricsOf(parted))).toEqual(noStepLines(metricsOf(whole)));
    expect(tensorsOf(parted, OUT_FILES.weights)).toEqual(tensorsOf(whole, OUT_FILES.weights));
    expect(tensorsOf(parted, OUT_FILES.checkpoint)).toEqual(tensorsOf(whole, OUT_FILES.checkpoint));
    // The final JSON line says the same too.
    const finalOf = (text: string) => JSON.parse(text.trim().split('\n').at(-1)!) as Record<string, unknown>;
    const { samplesPerSec: _a, seconds: _c, ...a } = finalOf(second.stdout);
    const whole2 = await cli([experimentFile, '--json']);
    const { samplesPerSec: _b, seconds: _d, ...b } = finalOf(whole2.stdout);
    expect(a).toEqual(b);
  });

  it('--epochs N continues to the new total; the experiment argument may be given when it is the same', async () => {
    const dir = join(tmp, 'longer');
    expect((await cli([experimentFile, '--out', dir, '--epochs', '2'])).code).toBe(0);
    const r = await cli(['--resume', dir, '--epochs', '3', '--json']);
    expect(r.code).toBe(0);
    const last = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { epochs: number; steps: number };
    expect(last.epochs).toBe(3);
    const saved = JSON.parse(readFileSync(join(dir, OUT_FILES.experiment), 'utf8')) as { training: { epochs: number } };
    expect(saved.training.epochs).toBe(3);
    // The progress lines continue from the resumed step: no step twice, none missing.
    const steps = metricsOf(dir).filter((m) => (m as { kind?: string }).kind === 'progress').map((m) => (m as { step: number }).step);
    expect(steps).toEqual([...steps].sort((x, y) => x - y));
    expect(new Set(steps).size).toBe(steps.length);
    expect(decodeCheckpoint(readFileSync(join(dir, OUT_FILES.checkpoint))).state.step).toBe(last.steps);
    // Same experiment named again: accepted (with the same --epochs it is the same experiment).
    expect((await cli([experimentFile, '--resume', dir, '--epochs', '4'])).code).toBe(0);
  });

  it('exits 2 with a sentence: no checkpoint, another experiment, too few epochs, an edited experiment.json', async () => {
    const empty = join(tmp, 'empty');
    expect((await cli([experimentFile, '--out', empty, '--epochs', '1'])).code).toBe(0);
    rmSync(join(empty, OUT_FILES.checkpoint));
    const none = await cli(['--resume', empty]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/has no checkpoint\.safetensors.*nothing to resume/);

    const dir = join(tmp, 'two');
    expect((await cli([experimentFile, '--out', dir, '--epochs', '2'])).code).toBe(0);
    const other = await cli(['spiral', '--resume', dir]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/is not the one in .*differ at/);

    const few = await cli(['--resume', dir, '--epochs', '2']);
    expect(few.code).toBe(2);
    expect(few.stderr).toMatch(/--epochs 2 is not above the 2 epochs/);
    const done = await cli(['--resume', dir]);
    expect(done.code).toBe(2);
    expect(done.stderr).toMatch(/has done all its 2 epochs/);

    const edited = JSON.parse(readFileSync(join(dir, OUT_FILES.experiment), 'utf8')) as { optimizer: { lr: number } };
    edited.optimizer.lr = 0.5;
    writeFileSync(join(dir, OUT_FILES.experiment), JSON.stringify(edited, null, 2));
    const changed = await cli(['--resume', dir, '--epochs', '3']);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(/belongs to another experiment/);

    const missing = await cli(['--resume', join(tmp, 'nowhere')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/is not a folder/);
  });
});
