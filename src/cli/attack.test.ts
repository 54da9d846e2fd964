// --attack through the real runner, trainer and CPU backend: the JSON lines, what must hold
// of them (ε = 0 is the clean accuracy, accuracy falls with ε, PGD is at least as strong as
// FGSM), the refusals, and FGSM against a PyTorch implementation on the runner's exported
// MNIST weights.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../data/load';
import { nodeIo } from '../data/node-io';
import { python } from '../train/adversarial-test-helpers';
import { parseArgs } from './args';
import { runCli } from './run';

const tmp = mkdtempSync(join(tmpdir(), 'cli-attack-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const stream = () => ({ text: '', write(s: string) { this.text += s; } });

async function cli(argv: string[]) {
  const stdout = stream();
  const stderr = stream();
  const code = await runCli(argv, { stdout, stderr, cwd: tmp });
  return { code, stdout: stdout.text, stderr: stderr.text, lines: () => stdout.text.trimEnd().split('\n').map((l) => JSON.parse(l)) };
}

interface AttackLine { attack: string; epsilon: number; cleanAccuracy: number; robustAccuracy: number }
const attackLines = (lines: Record<string, unknown>[]) => lines.filter((l) => 'attack' in l) as unknown as AttackLine[];
const GRID = [0, 0.05, 0.1, 0.2, 0.4];

describe('npm run train -- <experiment> --attack', () => {
  it('parses its flags and refuses half of them', () => {
    const ok = parseArgs(['spiral', '--attack', 'pgd', '--epsilon', '0,0.05,1e-1', '--steps', '7', '--step-size', '0.02']);
    expect(ok.ok && ok.options).toMatchObject({ attack: 'pgd', epsilons: [0, 0.05, 0.1], attackSteps: 7, attackStepSize: 0.02 });
    for (const [argv, message] of [
      [['spiral', '--attack', 'fgsm'], /go together/],
      [['spiral', '--epsilon', '0.1'], /go together/],
      [['spiral', '--attack', 'cw', '--epsilon', '0.1'], /fgsm or pgd/],
      [['spiral', '--attack', 'fgsm', '--epsilon', '0.1,x'], /comma-separated/],
      [['spiral', '--attack', 'fgsm', '--epsilon', '-1'], /from 0 to 10/],
      [['spiral', '--steps', '3'], /for --attack pgd/],
      [['spiral', '--attack', 'fgsm', '--epsilon', '0.1', '--find-lr'], /one of them/],
    ] as const) {
      const r = parseArgs(argv);
      expect(r.ok, argv.join(' ')).toBe(false);
      if (!r.ok) expect(r.error).toMatch(message);
    }
  });

  it('prints one line per ε before the final line; ε = 0 is the clean accuracy, accuracy falls with ε, PGD ≤ FGSM', async () => {
    const fgsm = await cli(['spiral', '--backend', 'cpu', '--attack', 'fgsm', '--epsilon', GRID.join(','), '--json']);
    expect(fgsm.code, fgsm.stderr).toBe(0);
    const lines = fgsm.lines();
    const final = lines.at(-1)!;
    expect(final.final).toBe(true);
    expect(lines.slice(-1 - GRID.length, -1).map((l) => Object.keys(l))).toEqual(GRID.map(() => ['attack', 'epsilon', 'cleanAccuracy', 'robustAccuracy']));
    const f = attackLines(lines);
    expect(f.map((l) => l.epsilon)).toEqual(GRID);
    for (const l of f) expect(l.cleanAccuracy).toBe(final.testAccuracy);
    expect(f[0].robustAccuracy).toBe(f[0].cleanAccuracy);
    for (let i = 1; i < f.length; i++) expect(f[i].robustAccuracy).toBeLessThanOrEqual(f[i - 1].robustAccuracy);
    expect(f.at(-1)!.robustAccuracy).toBeLessThan(f[0].cleanAccuracy - 0.1);

    const pgd = await cli(['spiral', '--backend', 'cpu', '--attack', 'pgd', '--epsilon', GRID.join(','), '--json']);
    expect(pgd.code, pgd.stderr).toBe(0);
    const p = attackLines(pgd.lines());
    expect(p[0].robustAccuracy).toBe(p[0].cleanAccuracy);
    p.forEach((l, i) => expect(l.robustAccuracy).toBeLessThanOrEqual(f[i].robustAccuracy));
  });

  it('prints a table without --json', async () => {
    const r = await cli(['circle', '--backend', 'cpu', '--attack', 'pgd', '--epsilon', '0.1,0.3', '--steps', '5']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Test accuracy under PGD attack \(5 steps of 2\.5·ε\/5\):/);
    expect(r.stdout).toMatch(/^\s+0\.3\s+\d+\.\d%\s+\d+\.\d%$/m);
  });

  it('refuses a regression (exit 2) before training', async () => {
    const r = await cli(['plane', '--backend', 'cpu', '--attack', 'fgsm', '--epsilon', '0.1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs a classification task/);
  });

  it('agrees with PyTorch FGSM on the exported MNIST MLP within 0.5 points', async () => {
    const out = join(tmp, 'mnist');
    const eps = [0.05, 0.1];
    const r = await cli(['mnist-mlp', '--backend', 'cpu', '--epochs', '1', '--attack', 'fgsm', '--epsilon', eps.join(','), '--json', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const ours = attackLines(r.lines());
    const experiment = JSON.parse(readFileSync(join(out, 'experiment.json'), 'utf8'));
    const split = await loadDataset(experiment.data, experiment.seed, nodeIo(process.cwd()));
    const xFile = join(tmp, 'test-x.f32');
    writeFileSync(xFile, Buffer.from(split.test.x.buffer, split.test.x.byteOffset, split.test.x.byteLength));
    const torch = python<{ clean: number; robust: number[] }>(
      `
import json, struct, sys, torch
d = json.load(sys.stdin)
raw = open(d['weights'], 'rb').read()
n = struct.unpack('<Q', raw[:8])[0]
header = json.loads(raw[8:8 + n]); header.pop('__metadata__', None)
def tensor(name):
    h = header[name]; a, b = h['data_offsets']
    return torch.frombuffer(bytearray(raw[8 + n + a:8 + n + b]), dtype=torch.float32).reshape(h['shape'])
names = sorted(header, key=lambda k: int(k.split('.')[0][5:]))
w1, b1, w2, b2 = [tensor(k) for k in names]
x = torch.frombuffer(bytearray(open(d['x'], 'rb').read()), dtype=torch.float32).reshape(-1, 784)
y = torch.tensor(d['labels'])
o, s = d['offset'], d['divisor']
# Our own units, independently: pixels p in [0, 1], the model sees (255 p - o) / s.
p = ((x * s + o) / 255).clamp(0, 1)
model = lambda p: torch.relu(((255 * p - o) / s) @ w1 + b1) @ w2 + b2
clean = (model(p).argmax(1) == y).float().mean().item()
robust = []
for eps in d['eps']:
    q = p.clone().requires_grad_(True)
    torch.nn.functional.cross_entropy(model(q), y).backward()
    adv = (q + eps * q.grad.sign()).clamp(0, 1).detach()
    robust.append((model(adv).argmax(1) == y).float().mean().item())
print(json.dumps({'clean': clean, 'robust': robust}))
`,
      { weights: join(out, 'weights.safetensors'), x: xFile, labels: Array.from(split.test.y), offset: split.stats.offset[0], divisor: split.stats.divisor[0], eps },
    );
    expect(Math.abs(torch.clean - ours[0].cleanAccuracy)).toBeLessThanOrEqual(0.005);
    ours.forEach((l, i) => expect(Math.abs(torch.robust[i] - l.robustAccuracy), `ε = ${eps[i]}`).toBeLessThanOrEqual(0.005));
    // FGSM on a plain MNIST MLP at ε = 0.1 falls far.
    expect(ours[1].robustAccuracy).toBeLessThan(ours[1].cleanAccuracy - 0.3);
  }, 120_000);
});
