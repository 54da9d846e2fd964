// The --out folder: experiment.json (the resolved experiment), metrics.jsonl (every event,
// then the final metrics), weights.safetensors, checkpoint.safetensors (the latest training
// checkpoint, for --resume), and INCOMPLETE while the run has not finished. Writes are
// synchronous so that a Ctrl-C handler can still leave its note.
//
// One run at a time: `.lock` holds the owner's process id and host. A second run into the
// folder is refused while that process lives; a lock whose process is gone (same host) is
// taken over with a warning. Every write that fails becomes one sentence (OutDirError).

import * as nodeFs from 'node:fs';
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { Experiment } from '../spec';
import { encodeSafetensors } from '../train/safetensors';
import type { NamedTensor } from '../train/safetensors';

export const OUT_FILES = {
  experiment: 'experiment.json',
  metrics: 'metrics.jsonl',
  weights: 'weights.safetensors',
  checkpoint: 'checkpoint.safetensors',
  incomplete: 'INCOMPLETE',
  lock: '.lock',
  lrFinder: 'lr-finder.jsonl',
  initial: 'initial.safetensors',
  script: 'train.py',
  data: 'data',
} as const;

/** The file operations OutDir uses (tests inject failures such as a full disk). */
export type OutFs = Pick<typeof nodeFs, 'appendFileSync' | 'mkdirSync' | 'readFileSync' | 'renameSync' | 'rmSync' | 'writeFileSync'>;

/** The SHA-256 (hex) of an experiment's canonical JSON: the text experiment.json holds. */
export function experimentSha256(json: string): string {
  return createHash('sha256').update(json, 'utf8').digest('hex');
}

/** The canonical JSON of an experiment, exactly as written to experiment.json. */
export const canonicalExperimentJson = (experiment: Experiment): string => `${JSON.stringify(experiment, null, 2)}\n`;

/** A problem with the --out folder, as a sentence; `code` is the runner's exit code. */
export class OutDirError extends Error {
  override name = 'OutDirError';
  constructor(message: string, readonly code: 1 | 2) {
    super(message);
  }
}

interface LockInfo {
  pid: number;
  host: string;
  started: string;
}

export interface OutDirOptions {
  fs?: OutFs;
  /** Whether a process lives (default: signal 0). */
  isAlive?: (pid: number) => boolean;
  /** Where take-over warnings go. */
  warn?: (message: string) => void;
  /**
   * 'lrFinder' (--find-lr): the run trains nothing, so the folder gets lr-finder.jsonl and
   * nothing else (no metrics.jsonl, no INCOMPLETE; the lock is removed at the end).
   */
  mode?: 'train' | 'lrFinder';
  /**
   * Continue a run in this folder (--resume): keep experiment.json, the checkpoint and the
   * metrics up to and including step `resume.step` (lines of steps after it are dropped:
   * the resumed run takes those steps again), then append.
   */
  resume?: { step: number };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

export class OutDir {
  readonly dir: string;
  private readonly fs: OutFs;
  private locked = false;
  private readonly releaseOnExit = () => this.release();

  /** Locks the folder, replaces files of an earlier run and marks the run as unfinished. */
  constructor(dir: string, cwd: string, private readonly options: OutDirOptions = {}) {
    this.dir = resolve(cwd, dir);
    this.fs = options.fs ?? nodeFs;
    this.attempt('create the folder', () => this.fs.mkdirSync(this.dir, { recursive: true }));
    this.lock();
    if (this.lrFinderOnly) {
      this.attempt(`replace ${OUT_FILES.lrFinder}`, () => this.fs.rmSync(join(this.dir, OUT_FILES.lrFinder), { force: true }));
      return;
    }
    if (options.resume) {
      this.keepMetricsUpTo(options.resume.step);
    } else {
      for (const name of [OUT_FILES.metrics, OUT_FILES.weights, OUT_FILES.checkpoint]) this.attempt(`replace ${name}`, () => this.fs.rmSync(join(this.dir, name), { force: true }));
      this.write(OUT_FILES.metrics, '');
    }
    this.markIncomplete(`The run started at ${new Date().toISOString()} and has not finished: it is still running, or it was killed before it could say why.`);
  }

  private get lrFinderOnly(): boolean {
    return this.options.mode === 'lrFinder';
  }

  /** The learning-rate sweep, one JSON object per point. */
  writeLrFinder(points: object[]): void {
    this.write(OUT_FILES.lrFinder, points.map((p) => `${JSON.stringify(p)}\n`).join(''));
  }

  /** Writes experiment.json (not with --find-lr); returns its SHA-256, which each checkpoint carries. */
  writeExperiment(experiment: Experiment): string {
    const json = canonicalExperimentJson(experiment);
    if (this.lrFinderOnly) return experimentSha256(json);
    this.write(OUT_FILES.experiment, json);
    return experimentSha256(json);
  }

  /**
   * Replaces the checkpoint: written under a temporary name, then renamed over the old one
   * (a rename within a folder is atomic), so a crash leaves the old checkpoint or the new,
   * never a torn one.
   */
  writeCheckpoint(bytes: Uint8Array): void {
    const temp = `${OUT_FILES.checkpoint}.tmp`;
    this.write(temp, bytes);
    this.attempt(`replace ${OUT_FILES.checkpoint}`, () => this.fs.renameSync(join(this.dir, temp), join(this.dir, OUT_FILES.checkpoint)));
  }

  appendMetric(record: object): void {
    if (this.lrFinderOnly) return;
    this.attempt(`write ${OUT_FILES.metrics}`, () => this.fs.appendFileSync(join(this.dir, OUT_FILES.metrics), `${JSON.stringify(record)}\n`));
  }

  writeWeights(tensors: NamedTensor[], metadata: Record<string, string>): void {
    this.write(OUT_FILES.weights, encodeSafetensors(tensors, metadata));
  }

  /** The weights before the first step (same names and layouts as weights.safetensors). */
  writeInitialWeights(tensors: NamedTensor[], metadata: Record<string, string>): void {
    this.write(OUT_FILES.initial, encodeSafetensors(tensors, metadata));
  }

  /** Files of the PyTorch project by relative path (train.py, data/...); data/ is replaced. */
  writeProjectFiles(files: Record<string, Uint8Array>): void {
    this.attempt(`replace ${OUT_FILES.data}/`, () => this.fs.rmSync(join(this.dir, OUT_FILES.data), { recursive: true, force: true }));
    this.attempt(`create ${OUT_FILES.data}/`, () => this.fs.mkdirSync(join(this.dir, OUT_FILES.data), { recursive: true }));
    for (const [path, bytes] of Object.entries(files)) this.write(path, bytes);
  }

  markIncomplete(reason: string): void {
    if (this.lrFinderOnly) return;
    this.write(OUT_FILES.incomplete, `${reason.trimEnd()}\n`);
  }

  /** Like markIncomplete, but never throws: for notes written while already failing. */
  tryMarkIncomplete(reason: string): void {
    try {
      this.markIncomplete(reason);
    } catch {
      // The disk that failed the run may refuse the note too; the error was reported.
    }
  }

  markComplete(): void {
    if (this.lrFinderOnly) return;
    this.attempt(`remove ${OUT_FILES.incomplete}`, () => this.fs.rmSync(join(this.dir, OUT_FILES.incomplete), { force: true }));
  }

  /** Gives the folder up (idempotent); also done when the process exits. */
  release(): void {
    if (!this.locked) return;
    this.locked = false;
    process.off('exit', this.releaseOnExit);
    try {
      this.fs.rmSync(join(this.dir, OUT_FILES.lock), { force: true });
    } catch {
      // A lock left behind is taken over by the next run (its process is gone).
    }
  }

  private lock(): void {
    const path = join(this.dir, OUT_FILES.lock);
    const mine: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        // 'wx': created only if absent, so two runs starting together cannot both win.
        this.fs.writeFileSync(path, `${JSON.stringify(mine)}\n`, { flag: 'wx' });
        this.locked = true;
        process.on('exit', this.releaseOnExit);
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw this.failure('lock the folder', e);
      }
      const held = this.readLock(path);
      const alive = this.options.isAlive ?? processAlive;
      if (held && (held.host !== mine.host || alive(held.pid))) {
        const where = held.host === mine.host ? `process ${held.pid}` : `process ${held.pid} on host ${held.host}`;
        const fix = held.host === mine.host ? 'wait for it to finish or choose another --out' : `choose another --out, or delete ${path} if that run is gone`;
        throw new OutDirError(`${this.dir} is in use by another run (${where}, started ${held.started}); ${fix}.`, 2);
      }
      this.options.warn?.(`warning: ${path} was left by process ${held?.pid ?? '?'}, which is gone; taking the folder over.`);
      this.attempt('remove the stale lock', () => this.fs.rmSync(path, { force: true }));
    }
    throw new OutDirError(`Could not lock ${this.dir}: another run keeps taking it; choose another --out.`, 2);
  }

  /** Drops metrics lines of steps after `step` (a resume takes those steps again). */
  private keepMetricsUpTo(step: number): void {
    let text = '';
    try {
      text = String(this.fs.readFileSync(join(this.dir, OUT_FILES.metrics), 'utf8'));
    } catch {
      // No metrics yet: the resumed run starts the file.
    }
    const kept = text.split('\n').filter((line) => {
      if (!line.trim()) return false;
      try {
        const record = JSON.parse(line) as { step?: unknown; final?: unknown };
        return record.final !== true && !(typeof record.step === 'number' && record.step > step);
      } catch {
        return false; // a torn last line of a killed run
      }
    });
    this.write(OUT_FILES.metrics, kept.map((l) => `${l}\n`).join(''));
  }

  private readLock(path: string): LockInfo | null {
    try {
      const v = JSON.parse(String(this.fs.readFileSync(path, 'utf8'))) as Partial<LockInfo>;
      return typeof v.pid === 'number' && typeof v.host === 'string' ? { pid: v.pid, host: v.host, started: String(v.started ?? 'at an unknown time') } : null;
    } catch {
      return null; // unreadable or half written: treated as stale
    }
  }

  private write(name: string, data: string | Uint8Array): void {
    this.attempt(`write ${name}`, () => this.fs.writeFileSync(join(this.dir, name), data));
  }

  private attempt(what: string, action: () => void): void {
    try {
      action();
    } catch (e) {
      throw this.failure(what, e);
    }
  }

  private failure(what: string, e: unknown): OutDirError {
    const err = e as NodeJS.ErrnoException;
    const why: Record<string, string> = {
      ENOSPC: 'the disk is full',
      EDQUOT: 'the disk quota is used up',
      EACCES: 'permission denied',
      EPERM: 'permission denied',
      EROFS: 'the file system is read-only',
      ENOTDIR: 'a part of the path is a file, not a folder',
      EISDIR: 'a folder is in the way',
    };
    const reason = (err.code && why[err.code]) ?? err.message ?? String(e);
    const fix = err.code === 'ENOSPC' || err.code === 'EDQUOT' ? 'Free some space or choose another --out.' : 'Choose another --out.';
    return new OutDirError(`Could not ${what} in ${this.dir}: ${reason}${err.code ? ` (${err.code})` : ''}. ${fix}`, 1);
  }
}
