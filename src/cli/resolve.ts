// Turns the command line's <experiment> into a validated Experiment: a JSON file, a share
// link (full URL, `#e=...` or `e=...`) or a preset name, with --backend / --epochs applied.
// Every failure is a list of `{ path, message }` issues; nothing here throws for user input.

import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Experiment, Issue } from '../spec';
import { decodeLink, findPreset, parseExperimentJson, presets, validateExperiment } from '../experiment';
import type { ValidateOptions, ValidationResult } from '../experiment';
import type { CliOptions } from './args';

export interface ResolvedSource {
  /** The experiment as given (migrated by decodeLink for links), overrides not yet applied. */
  raw: unknown;
  /** Folder that relative data paths start from. */
  baseDir: string;
  /** "file runs/a.json", "share link", "preset spiral": for the log. */
  origin: string;
}

export type Resolved<T> = { ok: true; value: T } | { ok: false; errors: Issue[] };

const fail = (message: string, path = ''): Resolved<never> => ({ ok: false, errors: [{ path, message }] });

export function looksLikeLink(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || text.includes('#') || text.startsWith('e=');
}

export async function resolveSource(source: string, cwd: string): Promise<Resolved<ResolvedSource>> {
  if (looksLikeLink(source)) {
    const decoded = await decodeLink(source);
    if (!decoded.experiment) return { ok: false, errors: decoded.errors };
    return { ok: true, value: { raw: decoded.experiment, baseDir: cwd, origin: 'share link' } };
  }
  const preset = findPreset(source);
  if (preset) return { ok: true, value: { raw: preset.experiment, baseDir: cwd, origin: `preset ${preset.name}` } };

  const file = isAbsolute(source) ? source : resolve(cwd, source);
  const info = await stat(file).catch(() => null);
  if (info?.isFile()) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      return fail(`Could not read ${file}: ${(e as Error).message}. Check its permissions.`);
    }
    const parsed = parseExperimentJson(text); // size and nesting bounded before anything recurses into it
    if (parsed.ok) return { ok: true, value: { raw: parsed.value, baseDir: dirname(file), origin: `file ${source}` } };
    if (parsed.problem !== 'syntax') return fail(parsed.message);
    return fail(`${source} is not valid JSON (${parsed.message}); an experiment file holds one JSON object.`);
  }
  if (info?.isDirectory()) return fail(`${source} is a folder; give the experiment's JSON file inside it.`);
  if (/[\\/]/.test(source) || /\.json$/i.test(source)) {
    return fail(`File not found: ${file}. Check the path (relative paths start from ${cwd}).`);
  }
  if (/^[A-Za-z0-9_-]{16,}$/.test(source)) {
    // A bare link payload (what follows `#e=`).
    const decoded = await decodeLink(source);
    if (decoded.experiment) return { ok: true, value: { raw: decoded.experiment, baseDir: cwd, origin: 'share link' } };
  }
  const near = closestPreset(source);
  return fail(
    `'${source}' is not a file, a share link or a preset name; ${near ? `did you mean '${near}'? ` : ''}run \`npm run train -- --list-presets\` to see the presets.`,
  );
}

/** The experiment with the command line's overrides, fully validated. */
export function applyOverrides(raw: unknown, options: Pick<CliOptions, 'backend' | 'epochs'>, validate: ValidateOptions = {}): ValidationResult {
  const input = isRecord(raw) ? structuredClone(raw) : raw;
  if (isRecord(input)) {
    if (options.backend) input.backend = options.backend;
    if (options.epochs !== null) {
      if (isRecord(input.training)) input.training.epochs = options.epochs;
      else if (input.training === undefined) input.training = { epochs: options.epochs };
    }
  }
  return validateExperiment(input, validate);
}

/**
 * The experiment as saved to --out: a relative CSV path made absolute (it was relative to
 * the experiment file's folder), so the saved file runs again from anywhere.
 */
export function experimentForSaving(experiment: Experiment, baseDir: string): Experiment {
  const csv = experiment.data.csv;
  if (!csv || isAbsolute(csv.file) || csv.file.startsWith('/')) return experiment;
  return { ...experiment, data: { ...experiment.data, csv: { ...csv, file: resolve(baseDir, csv.file) } } };
}

export function listPresets(): string {
  const width = Math.max(...presets.map((p) => p.name.length));
  return presets.map((p) => `${p.name.padEnd(width)}  ${p.title}: ${p.description}`).join('\n') + '\n';
}

function closestPreset(name: string): string | null {
  let best: string | null = null;
  let bestDistance = 3; // at most two edits away
  for (const p of presets) {
    const d = editDistance(name.toLowerCase(), p.name);
    if (d < bestDistance) { best = p.name; bestDistance = d; }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
