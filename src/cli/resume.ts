// `--resume DIR`: what an earlier run left in its --out folder, checked before any work.
// DIR/experiment.json is the experiment (its SHA-256 must be the one the checkpoint
// carries, so the two belong together); DIR/checkpoint.safetensors the state to continue
// from. An experiment given on the command line as well must be that experiment. Every
// failure is one sentence (exit 2), as for any other input.

import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Experiment, Issue } from '../spec';
import { decodeCheckpoint, type DecodedCheckpoint } from '../train/checkpoint';
import { experimentSha256, OUT_FILES } from './out-dir';
import type { Resolved } from './resolve';

/** Metadata keys the runner adds to each checkpoint. */
export const RUNNER_METADATA = { experimentSha256: 'experimentSha256', stepsPerEpoch: 'stepsPerEpoch' } as const;

export interface ResumeFolder {
  dir: string;
  /** DIR/experiment.json as parsed (not yet validated). */
  raw: unknown;
  checkpoint: DecodedCheckpoint;
  /** Optimizer steps per epoch of the checkpointed run. */
  stepsPerEpoch: number;
}

const fail = (message: string, path = ''): Resolved<never> => ({ ok: false, errors: [{ path, message }] });

export function readResumeFolder(folder: string, cwd: string): Resolved<ResumeFolder> {
  const dir = resolve(cwd, folder);
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return fail(`--resume: ${dir} is not a folder; give the --out folder of an earlier run.`);
  const experimentPath = join(dir, OUT_FILES.experiment);
  const checkpointPath = join(dir, OUT_FILES.checkpoint);
  let json: string;
  try {
    json = readFileSync(experimentPath, 'utf8');
  } catch {
    return fail(`--resume: ${dir} has no ${OUT_FILES.experiment}, so it is not the --out folder of a run.`);
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(checkpointPath);
  } catch {
    return fail(
      `--resume: ${dir} has no ${OUT_FILES.checkpoint}: its run stopped before its first evaluation or pause, so there is nothing to resume; train it again without --resume.`,
    );
  }
  let checkpoint: DecodedCheckpoint;
  try {
    checkpoint = decodeCheckpoint(bytes);
  } catch (e) {
    return fail(`--resume: ${checkpointPath} cannot be read: ${(e as Error).message}`);
  }
  const sha = checkpoint.metadata[RUNNER_METADATA.experimentSha256];
  if (sha !== experimentSha256(json)) {
    return fail(`--resume: ${checkpointPath} belongs to another experiment than ${experimentPath} (their SHA-256 differ); was experiment.json edited?`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    return fail(`--resume: ${experimentPath} is not valid JSON (${(e as Error).message}).`);
  }
  const stepsPerEpoch = Number(checkpoint.metadata[RUNNER_METADATA.stepsPerEpoch]);
  if (!(stepsPerEpoch >= 1)) return fail(`--resume: ${checkpointPath} does not say how many steps an epoch has.`);
  return { ok: true, value: { dir, raw, checkpoint, stepsPerEpoch } };
}

/**
 * The first place two experiments differ, as a path ("optimizer.lr"), or null when they
 * are the same (key order aside).
 */
export function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Object.is(a, b) ? null : path || '(the whole experiment)';
  if (Array.isArray(a) !== Array.isArray(b)) return path || '(the whole experiment)';
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of [...keys].sort()) {
    const sub = Array.isArray(a) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], sub);
    if (d) return d;
  }
  return null;
}

/** Epochs the checkpoint has done (fractional after a pause within an epoch). */
export const epochsDone = (folder: ResumeFolder): number => folder.checkpoint.state.step / folder.stepsPerEpoch;

/** The sentence for a new total that is not above what was done, or null when it is. */
export function checkNewTotal(folder: ResumeFolder, experiment: Experiment, fromFlag: boolean): Issue | null {
  const done = epochsDone(folder);
  const total = experiment.training.epochs;
  if (total > done) return null;
  const doneText = Number.isInteger(done) ? String(done) : done.toFixed(2);
  return fromFlag
    ? { path: 'training.epochs', message: `--epochs ${total} is not above the ${doneText} epochs ${folder.dir} has already done; give a larger total to train on.` }
    : { path: 'training.epochs', message: `The run in ${folder.dir} has done all its ${total} epochs; give --epochs with a larger total to train on.` };
}
