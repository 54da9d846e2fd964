import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { Backend } from '../engine/backend';
import { encodeExperiment, findPreset } from '../experiment';
import { inferShapes } from '../nn/shapes';
import type { Experiment } from '../spec';
import { decodeSafetensors } from '../train/safetensors';
import { GpuFaultError, NonFiniteError } from '../train/types';
import type { FinalMetrics, TrainEvent } from '../train/types';
import type { CliDeps, CliTrainer, TrainerOptions } from './deps';
import { runCli } from './run';
import { OutDir } from './out-dir';
import * as nodeFs from 'node:fs';
import { execFileSync } from 'node:child_process';

const tmp = mkdtempSync(join(tmpdir(), 'cli-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Script {
  /** Throw this from run() after the first epoch. */
  fail?: Error;
  /** Simulate Ctrl-C after the first epoch. */
  interrupt?: boolean;
}

/** A trainer that reports two progress lines and one evaluation per epoch, instantly. */
function fakeEngine(script: Script = {}) {
  const seen: { experiment?: Experiment; options?: TrainerOptions; disposed: number } = { disposed: 0 };
  let interruptHandler: (() => void) | null = null;
  const deps: Partial<CliDeps> = {
    openBackend: async (kind) => ({
      backend: { kind, dispose: () => { seen.disposed++; } } as unknown as Backend,
      adapter: { backend: kind, label: kind === 'cpu' ? 'cpu' : 'fake gpu', isSoftware: false },
    }),
    onInterrupt: (handler) => { interruptHandler = handler; return () => { interruptHandler = null; }; },
    exit: () => { throw new Error('exit called'); },
    async createTrainer(experiment, options): Promise<CliTrainer> {
      seen.experiment = experiment;
      seen.options = options;
      const stepsPerEpoch = 10;
      const epochs = experiment.training.epochs;
      const regression = options.split.train.task === 'regression';
      let paused = false;
      return {
        summary: inferShapes(options.split.train.inputShape, experiment.model.layers),
        stepsPerEpoch,
        totalSteps: stepsPerEpoch * epochs,
        pause: () => { paused = true; },
        dispose: () => { seen.disposed++; },
        restore: async () => { throw new Error('the fake trainer cannot resume'); },
        exportWeights: async () => [
          { name: 'layer1.weight', shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) },
          { name: 'layer1.bias', shape: [2], data: new Float32Array([0.5, -0.5]) },
        ],
        async run(): Promise<FinalMetrics | null> {
          for (let epoch = 1; epoch <= epochs; epoch++) {
            for (const step of [5, 10].map((s) => (epoch - 1) * stepsPerEpoch + s)) {
              const e: TrainEvent = { kind: 'progress', epoch, step, trainLoss: 1 / step, lr: 0.01, samplesPerSec: 1000, msPerStep: 1, gflops: 0.1, dispatchesPerStep: 5, submitsPerStep: 1, readbacksPerStep: 0 };
              options.onEvent(e);
            }
            const metric = regression ? { testMse: 0.1 } : { testAccuracy: 0.9 };
            options.onEvent({ kind: 'eval', epoch, step: epoch * stepsPerEpoch, trainLoss: 0.1, testLoss: 0.2, ...metric, layers: [] });
            if (script.fail) throw script.fail;
            if (script.interrupt) interruptHandler?.();
            if (paused) return null;
          }
          const metric = regression ? { testMse: 0.1 } : { testAccuracy: 0.9 };
          return { final: true, epochs, steps: epochs * stepsPerEpoch, trainLoss: 0.1, testLoss: 0.2, ...metric, samplesPerSec: 1000, reason: 'completed', seconds: 0.5 };
        },
      };
    },
  };
  return { deps, seen };
}

const stream = (isTTY = false) => ({ text: '', isTTY, write(s: string) { this.text += s; } });

async function cli(argv: string[], script: Script = {}, extra: Partial<CliDeps> = {}) {
  const stdout = stream();
  const stderr = stream();
  const engine = fakeEngine(script);
  const code = await runCli(argv, { ...engine.deps, stdout, stderr, cwd: tmp, now: () => 0, ...extra });
  return { code, stdout: stdout.text, stderr: stderr.text, seen: engine.seen };
}

const spiral = () => findPreset('spiral')!.experiment;
function writeJson(name: string, value: unknown): string {
  const file = join(tmp, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

describe('runCli: resolving the experiment', () => {
  it('runs a preset, with --epochs and --backend overriding it', async () => {
    const r = await cli(['spiral', '--epochs', '2', '--backend', 'cpu']);
    expect(r.code).toBe(0);
    expect(r.seen.experiment?.training.epochs).toBe(2);
    expect(r.seen.experiment?.backend).toBe('cpu');
    expect(r.seen.disposed).toBe(2); // trainer and backend
    expect(r.stdout).toContain('experiment: preset spiral');
    expect(r.stdout).toContain('backend cpu: cpu');
    expect(r.stdout).toMatch(/1\s+dense 16, tanh\s+\[16\]\s+48/);
    expect(r.stdout).toMatch(/Done: 2 epochs, 20 steps/);
  });

  it('runs an experiment file, and a share link given whole or as its #e= part', async () => {
    const file = writeJson('exp.json', { ...spiral(), training: { batchSize: 8, epochs: 1 } });
    const fromFile = await cli(['exp.json', '--backend', 'cpu']);
    expect(fromFile.code).toBe(0);
    expect(fromFile.seen.experiment?.training.batchSize).toBe(8);
    expect((await cli([file])).code).toBe(0);

    const payload = await encodeExperiment({ ...spiral(), seed: 99, training: { batchSize: 4, epochs: 1 } });
    for (const link of [`https://example.com/play/#e=${payload}`, `#e=${payload}`, payload]) {
      const r = await cli([link]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.seen.experiment?.seed).toBe(99);
      expect(r.stdout).toContain('experiment: share link');
    }
  });

  it('trains on data.features: the split holds the features and the model takes [features.length]', async () => {
    const features = ['x1', 'x2', 'x1Squared', 'sinX2'] as const;
    writeJson('features.json', { ...spiral(), data: { ...spiral().data, features }, training: { batchSize: 8, epochs: 1 } });
    const r = await cli(['features.json', '--backend', 'cpu']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.seen.options?.split.train.inputShape).toEqual([4]);
    expect(r.seen.options?.split.train.x.length).toBe(r.seen.options!.split.train.n * 4);
    expect(r.stdout).toMatch(/1\s+dense 16, tanh\s+\[16\]\s+80/); // 4 inputs x 16 + 16
    writeJson('features-mnist.json', { ...findPreset('mnist-mlp')!.experiment, data: { ...findPreset('mnist-mlp')!.experiment.data, features } });
    const bad = await cli(['features-mnist.json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('data.features');
  });

  it('reads a CSV named relative to the experiment file, not the working folder', async () => {
    const dir = mkdtempSync(join(tmp, 'csv-'));
    const rows = ['x1,x2,label', ...Array.from({ length: 40 }, (_, i) => `${i % 7},${(i * 3) % 5},${i % 2 ? 'a' : 'b'}`)];
    writeFileSync(join(dir, 'points.csv'), rows.join('\n'));
    writeFileSync(join(dir, 'exp.json'), JSON.stringify({
      ...spiral(), data: { dataset: 'csv', csv: { file: 'points.csv', target: 'label', task: 'classification' }, trainFraction: 0.5, normalize: 'standard' },
    }));
    const out = join(tmp, 'csv-out');
    const r = await cli([join(dir, 'exp.json'), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.seen.options?.split.train.n).toBe(20);
    expect(JSON.parse(readFileSync(join(out, 'experiment.json'), 'utf8')).data.csv.file).toBe(join(dir, 'points.csv'));
  });
});

describe('runCli: user errors exit 2 with every error and no stack trace', () => {
  it('lists every validation error as path: message', async () => {
    const bad = spiral() as unknown as { model: { layers: object[] }; optimizer: { lr: number } };
    bad.model.layers.splice(1, 0, { type: 'dropout', rate: 1.5 });
    bad.optimizer.lr = -1;
    writeJson('bad.json', bad);
    const r = await cli(['bad.json', '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^model\.layers\[1\]\.rate: Layer 2 \(dropout\): rate must be/m);
    expect(r.stderr).toMatch(/^optimizer\.lr: /m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the fix for unknown presets, missing files, bad JSON and broken links', async () => {
    const unknown = await cli(['spirl']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/'spirl' is not a file, a share link or a preset name; did you mean 'spiral'\? run `npm run train -- --list-presets`/);
    const missing = await cli(['nowhere/exp.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^File not found: .*nowhere\/exp\.json\. Check the path/);
    writeFileSync(join(tmp, 'broken.json'), '{ "version": 1, ');
    expect((await cli(['broken.json'])).stderr).toMatch(/broken\.json is not valid JSON/);
    const link = await cli(['#e=AAAA!!']);
    expect(link.code).toBe(2);
    expect(link.stderr).toMatch(/link/);
    const args = await cli(['spiral', '--epochs', 'x']);
    expect(args.code).toBe(2);
    for (const r of [unknown, missing, link, args]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a data problem by its field', async () => {
    writeJson('nocsv.json', { ...spiral(), data: { dataset: 'csv', csv: { file: 'absent.csv', target: 'y', task: 'regression' } }, loss: 'mse' });
    const r = await cli(['nocsv.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^data\.csv\.file: Could not read the CSV file 'absent\.csv'/m);
  });

  it('prints --help and --list-presets', async () => {
    expect((await cli(['--help'])).stdout).toMatch(/^Usage: npm run train/);
    const list = await cli(['--list-presets']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^spiral\s+Spiral: /m);
    expect(list.stdout).toMatch(/^fashion-cnn\s+Fashion-MNIST, CNN: /m);
  });
});

describe('runCli: --json', () => {
  it('prints only JSON lines on stdout, the last one final', async () => {
    const r = await cli(['spiral', '--json', '--epochs', '2']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(7);
    expect(lines[0]).toEqual({ kind: 'progress', epoch: 1, step: 5, trainLoss: 0.2, lr: 0.01, samplesPerSec: 1000 });
    expect(lines[2]).toMatchObject({ kind: 'eval', epoch: 1, step: 10, testLoss: 0.2, testAccuracy: 0.9, lr: 0.01, samplesPerSec: 1000 });
    expect(lines.at(-1)).toMatchObject({ final: true, epochs: 2, steps: 20, trainLoss: 0.1, testLoss: 0.2, testAccuracy: 0.9, samplesPerSec: 1000 });
    expect(r.stderr).toMatch(/backend webgpu: fake gpu/);
  });

  it('reports testMse for regression', async () => {
    const r = await cli(['plane', '--json', '--epochs', '1']);
    const last = JSON.parse(r.stdout.trimEnd().split('\n').at(-1)!);
    expect(last).toMatchObject({ final: true, testMse: 0.1 });
    expect(last).not.toHaveProperty('testAccuracy');
  });
});

describe('runCli: --out', () => {
  it('writes experiment.json, metrics.jsonl and weights.safetensors, and no INCOMPLETE', async () => {
    const out = join(tmp, 'run-ok');
    const r = await cli(['spiral', '--epochs', '2', '--out', out, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'experiment.json'), 'utf8'))).toMatchObject({ version: 1, data: { dataset: 'spiral' }, training: { epochs: 2 } });
    const metrics = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(metrics.map((m) => m.kind ?? 'final')).toEqual(['progress', 'progress', 'eval', 'progress', 'progress', 'eval', 'final']);
    expect(metrics[0]).toHaveProperty('dispatchesPerStep', 5);
    const weights = decodeSafetensors(readFileSync(join(out, 'weights.safetensors')));
    expect(weights.metadata).toMatchObject({ seed: '1234', dataset: 'spiral' });
    expect(weights.tensors.map((t) => [t.name, t.shape])).toEqual([['layer1.weight', [2, 2]], ['layer1.bias', [2]]]);
    expect(existsSync(join(out, 'INCOMPLETE'))).toBe(false);
  });

  it('exits 3 on NaN, naming the layer, and leaves INCOMPLETE saying why', async () => {
    const out = join(tmp, 'run-nan');
    const r = await cli(['spiral', '--out', out, '--json'], { fail: new NonFiniteError('the loss became NaN', 10, 'layer 2 (dense)') });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/Training stopped at step 10: the loss became NaN\. The first non-finite value appeared in layer 2 \(dense\)\./);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(out, 'INCOMPLETE'), 'utf8')).toMatch(/step 10.*layer 2 \(dense\).* weights\.safetensors holds the weights after step 9, the last good one; metrics\.jsonl the metrics so far\./s);
    // The last good weights and the metrics so far are kept.
    const kept = decodeSafetensors(readFileSync(join(out, 'weights.safetensors')));
    expect(kept.metadata).toMatchObject({ incomplete: 'true', lastGoodStep: '9' });
    expect(readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').length).toBeGreaterThan(1);
    expect(r.stdout.trimEnd().split('\n').every((l) => !JSON.parse(l).final)).toBe(true);
    const trainerWords = 'Training stopped at step 4: the loss is NaN. The first non-finite values appeared in layer 1 (dense). Lower the learning rate.';
    const again = await cli(['spiral'], { fail: new NonFiniteError(trainerWords, 4, 'layer 1 (dense)') });
    expect(again.code).toBe(3);
    expect(again.stderr.trimEnd().split('\n').at(-1)).toBe(trainerWords);
  });

  it('stops on Ctrl-C, saves the weights so far and leaves INCOMPLETE', async () => {
    const out = join(tmp, 'run-int');
    const r = await cli(['spiral', '--out', out], { interrupt: true });
    expect(r.code).toBe(130);
    expect(readFileSync(join(out, 'INCOMPLETE'), 'utf8')).toMatch(/Interrupted \(SIGINT\) at step 10 of 500/);
    expect(existsSync(join(out, 'weights.safetensors'))).toBe(true);
  });

  it('prints a stack trace only for internal errors, and still leaves INCOMPLETE', async () => {
    const out = join(tmp, 'run-bug');
    const r = await cli(['spiral', '--out', out], { fail: new TypeError('x is undefined') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Internal error[\s\S]*TypeError: x is undefined\n\s+at /);
    expect(readFileSync(join(out, 'INCOMPLETE'), 'utf8')).toMatch(/internal error: x is undefined/);
  });

  it('says so when the backend cannot open', async () => {
    const r = await cli(['spiral'], {}, { openBackend: async () => { throw new Error('No WebGPU adapter.'); } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Could not open the webgpu backend: No WebGPU adapter\. Run with --backend wasm \(or cpu\)/);
  });
});

describe('runCli: a GPU error', () => {
  it('exits 1 with the sentence and leaves INCOMPLETE saying why', async () => {
    const out = join(tmp, 'run-gpu-fault');
    const r = await cli(['spiral', '--out', out], { fail: new GpuFaultError('The GPU ran out of memory while tracing the training step: Out of memory', 0) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Training stopped after step 0: The GPU ran out of memory while tracing the training step: Out of memory. No result after this point can be trusted');
    expect(r.stderr).not.toMatch(/Internal error|\n\s+at /);
    expect(readFileSync(join(out, 'INCOMPLETE'), 'utf8')).toMatch(/^Training stopped after step 0: The GPU ran out of memory/);
  });
});

describe('runCli: the --out folder is guarded', () => {
  it('refuses a second run into a folder another run holds (exit 2), then runs once it is free', async () => {
    const dir = join(tmp, 'locked');
    const holder = new OutDir(dir, tmp);
    const r = await cli(['spiral', '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${dir} is in use by another run (process ${process.pid}, started ${JSON.parse(readFileSync(join(dir, '.lock'), 'utf8')).started}); wait for it to finish or choose another --out.\n`);
    holder.release();
    const again = await cli(['spiral', '--out', dir]);
    expect(again.code, again.stderr).toBe(0);
    expect(existsSync(join(dir, '.lock'))).toBe(false); // released when the run ends
  });

  it('reports a full disk as one sentence with exit 1, no stack trace', async () => {
    const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const outFs = { ...nodeFs, appendFileSync: (() => { throw enospc(); }) as typeof nodeFs.appendFileSync };
    const dir = join(tmp, 'full');
    const r = await cli(['spiral', '--out', dir], {}, { outFs });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Could not write metrics.jsonl in ${dir}: the disk is full (ENOSPC). Free some space or choose another --out.\n`);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack
    expect(readFileSync(join(dir, 'INCOMPLETE'), 'utf8')).toMatch(/^The run stopped: Could not write metrics\.jsonl/);
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  });
});

describe('runCli: user values are printed without control characters', () => {
  // eslint-disable-next-line no-control-regex
  const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
  it('strips escape codes from a link, a file name and an error', async () => {
    const evil = '\u001b[2J\u001b]0;pwned\u0007';
    const bad = { ...spiral(), data: { dataset: `spiral${evil}` } };
    const r = await cli([writeJson(`bad${evil}.json`, bad)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('data.dataset');
    expect(r.stderr + r.stdout).not.toMatch(CONTROL);
    const unknown = await cli([`no-such-preset${evil}`]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no-such-preset[2J]0;pwned');
    expect(unknown.stderr + unknown.stdout).not.toMatch(CONTROL);
  });
});

describe('runCli: runaway sizes are refused before any work', () => {
  const refuse = async (change: (e: Record<string, any>) => void) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const e = structuredClone(spiral()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    change(e);
    return cli([writeJson('big.json', e), '--json']);
  };

  it('refuses two dense layers of 65,536 units and a batch of 65,536 (exit 2, one sentence, before creating a trainer)', async () => {
    const wide = await refuse((e) => { e.model.layers = [{ type: 'dense', units: 65536 }, { type: 'dense', units: 65536 }, { type: 'dense', units: 2 }]; });
    expect(wide.code).toBe(2);
    expect(wide.stderr).toMatch(/^model\.layers\[1\]: This run needs about [\d.]+ GiB \(.*\); the largest part is Layer 2 \(dense\) .*, over the memory budget of 2\.0 GiB; make the layers smaller, or raise --max-memory \(now 2048 MB\)\.$/m);
    expect(wide.seen.options).toBeUndefined(); // no trainer was made
    const batch = await refuse((e) => { e.model.layers = [{ type: 'dense', units: 4096 }, { type: 'dense', units: 2 }]; e.training.batchSize = 65536; });
    expect(batch.code).toBe(2);
    expect(batch.stderr).toMatch(/^training\.batchSize: This run needs about/m);
    // --max-memory raises (or lowers) the budget.
    const small = await cli(['mnist-mlp', '--max-memory', '16']);
    expect(small.code).toBe(2);
    expect(small.stderr).toMatch(/^data: This run needs about 3\d\.\d MiB \(.*, data 29\.9 MiB\), over the memory budget of 16\.0 MiB; use a smaller dataset, or raise --max-memory \(now 16 MB\)\.$/m);
    expect((await cli(['mnist-mlp', '--max-memory', '64', '--epochs', '1'])).code).toBe(0);
  });

  it('refuses a FIFO or a device as the CSV at once, and a CSV over --max-csv-mb', async () => {
    const fifo = join(tmp, 'rows.csv');
    execFileSync('mkfifo', [fifo]);
    for (const file of [fifo, '/dev/zero']) {
      const r = await refuse((e) => { e.data = { dataset: 'csv', csv: { file, target: 'label', task: 'classification' } }; });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^data\.csv\.file: Could not read the CSV file '.*': .* is a (named pipe \(FIFO\)|device), not a regular file; give the path of a data file\.$/m);
    }
    writeFileSync(join(tmp, 'big.csv'), 'x,label\n' + '1,a\n2,b\n'.repeat(200_000)); // 1.6 MB
    const big = await cli([writeJson('csv.json', { ...spiral(), data: { dataset: 'csv', csv: { file: 'big.csv', target: 'label', task: 'classification' } } }), '--max-csv-mb', '1']);
    expect(big.code).toBe(2);
    expect(big.stderr).toContain('is 1.6 MB, over the limit of 1.0 MB (--max-csv-mb raises the limit); use a smaller file.');
  });

  it('reports skipped CSV rows by line on stderr and in metrics.jsonl', async () => {
    const rows = ['x,label', ...Array.from({ length: 30 }, (_, i) => (i === 4 ? '1,2,3' : i === 9 ? 'oops' : `${i},${i % 2 ? 'a' : 'b'}`))];
    writeFileSync(join(tmp, 'skips.csv'), rows.join('\n'));
    const out = join(tmp, 'skips-out');
    const r = await cli([writeJson('skips.json', { ...spiral(), data: { dataset: 'csv', csv: { file: 'skips.csv', target: 'label', task: 'classification' } } }), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning: data.csv.file: 2 rows were skipped:\n  line 6: Expected 2 fields, as in the header, but found 3.\n  line 11: Expected 2 fields');
    const records = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(records.find((m) => m.kind === 'csvSkipped')).toMatchObject({ count: 2, rows: [{ line: 6 }, { line: 11 }] });
  });
});
