// Test helpers for the PyTorch export: Debian's /usr/bin/python3 with torch (python3-torch,
// installed by .ci/run), and experiments built from the spec's defaults. A missing torch is
// a failure with a clear message, never a skip.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultExperiment, parseExperiment, type Experiment } from '../../spec';

export const PYTHON = '/usr/bin/python3';

/** Throws unless /usr/bin/python3 imports torch. */
export function requireTorch(): void {
  const r = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`The PyTorch export tests need ${PYTHON} with torch (Debian: apt-get install python3-torch; .ci/run installs it). ${r.error?.message ?? r.stderr}`);
  }
}

/** Runs python3 in `cwd`; throws with its stderr unless it exits 0; returns stdout. */
export function python(args: string[], cwd: string, env: Record<string, string> = {}): string {
  const r: SpawnSyncReturns<string> = spawnSync(PYTHON, args, { cwd, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1', ...env }, timeout: 120_000 });
  if (r.status !== 0) throw new Error(`python3 ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

/** The JSON objects of the lines of `text` that are JSON objects. */
export function jsonLines(text: string): Record<string, number>[] {
  return text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, number>);
}

/** A valid experiment: the defaults with `changes` merged one level deep per section. */
export function experimentWith(changes: Record<string, unknown>): Experiment {
  const base = defaultExperiment() as unknown as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(changes)) {
    const old = base[key];
    merged[key] = value && typeof value === 'object' && !Array.isArray(value) && old && typeof old === 'object' ? { ...old, ...value } : value;
  }
  const parsed = parseExperiment(merged);
  if (!parsed.experiment) throw new Error(`test experiment invalid: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return parsed.experiment;
}

/** Writes `experiment` as a file in `dir`; returns its path. */
export function writeExperiment(dir: string, name: string, experiment: Experiment): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(experiment));
  return path;
}
