// --find-lr through the real runner, trainer and CPU backend on the spiral preset.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run';

const tmp = mkdtempSync(join(tmpdir(), 'cli-find-lr-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const stream = () => ({ text: '', write(s: string) { this.text += s; } });

async function cli(argv: string[]) {
  const stdout = stream();
  const stderr = stream();
  const code = await runCli(argv, { stdout, stderr, cwd: tmp });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('npm run train -- <experiment> --find-lr', () => {
  it('with --json, prints one JSON line: the sweep and a suggestion inside its bounds', async () => {
    const r = await cli(['spiral', '--backend', 'cpu', '--find-lr', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    const last = lines.at(-1);
    expect(Object.keys(last)).toEqual(['lrFinder', 'suggestedLr', 'minLr', 'maxLr', 'points']);
    expect(last).toMatchObject({ lrFinder: true, minLr: 1e-7, maxLr: 10 });
    expect(last.suggestedLr).toBeGreaterThanOrEqual(last.minLr);
    expect(last.suggestedLr).toBeLessThanOrEqual(last.maxLr);
    expect(last.points.length).toBeGreaterThan(10);
    expect(last.points.length).toBeLessThanOrEqual(100);
    for (const [lr, loss] of last.points) {
      expect(lr).toBeGreaterThanOrEqual(1e-7 * (1 - 1e-9));
      expect(lr).toBeLessThanOrEqual(10 * (1 + 1e-9));
      expect(Number.isFinite(loss)).toBe(true);
    }
    expect(last.points.map((p: number[]) => p[0])).toContain(last.suggestedLr);
    // Nothing was trained: no progress lines and no final line.
    expect(lines.some((l) => l.final || l.kind)).toBe(false);
  });

  it('without --json, prints the table and the suggestion', async () => {
    const r = await cli(['spiral', '--backend', 'cpu', '--find-lr']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Learning-rate range test: \d+ steps from 1e-7 to 10/);
    expect(r.stdout).toMatch(/^\s+1\s+1\.000e-7\s+\d/m);
    expect(r.stdout).toMatch(/<- suggested/);
    expect(r.stdout).toMatch(/Suggested learning rate: \d/);
    expect(r.stdout).not.toMatch(/Done/);
  });

  it('with --out, writes only lr-finder.jsonl, one line per point', async () => {
    const out = join(tmp, 'run');
    const r = await cli(['spiral', '--backend', 'cpu', '--find-lr', '--json', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out)).toEqual(['lr-finder.jsonl']);
    const last = JSON.parse(r.stdout.trimEnd().split('\n').at(-1)!);
    const records = readFileSync(join(out, 'lr-finder.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(records).toHaveLength(last.points.length);
    records.forEach((rec, i) => {
      expect(rec).toMatchObject({ step: i + 1, lr: last.points[i][0], smoothedLoss: last.points[i][1] });
      expect(Number.isFinite(rec.loss)).toBe(true);
    });
    // A second sweep into the same folder replaces the file and leaves nothing else.
    writeFileSync(join(out, 'lr-finder.jsonl'), 'old\n');
    expect((await cli(['spiral', '--backend', 'cpu', '--find-lr', '--out', out])).code).toBe(0);
    expect(readdirSync(out)).toEqual(['lr-finder.jsonl']);
    expect(readFileSync(join(out, 'lr-finder.jsonl'), 'utf8')).not.toMatch(/old/);
  });
});
