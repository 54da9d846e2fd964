// The --out folder: one run at a time (.lock with pid and host), stale locks taken over,
// and every failed write (a full disk) as one sentence.
import * as fs from 'node:fs';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutDir, OutDirError, OUT_FILES, type OutFs } from './out-dir';

const tmp = mkdtempSync(join(tmpdir(), 'out-dir-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('OutDir', () => {
  it('locks the folder with its pid and host, refuses a second run while it lives, and releases', () => {
    const dir = join(tmp, 'a');
    const first = new OutDir(dir, tmp);
    const lock = JSON.parse(readFileSync(join(dir, OUT_FILES.lock), 'utf8'));
    expect(lock).toMatchObject({ pid: process.pid, host: hostname() });
    let err: unknown;
    try {
      new OutDir(dir, tmp);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OutDirError);
    expect((err as OutDirError).code).toBe(2);
    expect((err as Error).message).toMatch(new RegExp(`^${dir} is in use by another run \\(process ${process.pid}, started .+\\); wait for it to finish or choose another --out\\.$`));
    first.release();
    expect(existsSync(join(dir, OUT_FILES.lock))).toBe(false);
    // A finished run's files are replaced by the next run.
    first.appendMetric({ final: true });
    const second = new OutDir(dir, tmp);
    expect(readFileSync(join(dir, OUT_FILES.metrics), 'utf8')).toBe('');
    second.release();
  });

  it('takes over a lock whose process is gone, with a warning', () => {
    const dir = join(tmp, 'b');
    fs.mkdirSync(dir);
    writeFileSync(join(dir, OUT_FILES.lock), JSON.stringify({ pid: 999_999_999, host: hostname(), started: 'yesterday' }));
    const warnings: string[] = [];
    const out = new OutDir(dir, tmp, { warn: (m) => warnings.push(m), isAlive: () => false });
    expect(warnings).toEqual([`warning: ${join(dir, OUT_FILES.lock)} was left by process 999999999, which is gone; taking the folder over.`]);
    expect(JSON.parse(readFileSync(join(dir, OUT_FILES.lock), 'utf8')).pid).toBe(process.pid);
    out.release();
  });

  it('refuses a lock held on another host (it cannot tell whether that run lives)', () => {
    const dir = join(tmp, 'c');
    fs.mkdirSync(dir);
    writeFileSync(join(dir, OUT_FILES.lock), JSON.stringify({ pid: 12, host: 'elsewhere', started: 'today' }));
    expect(() => new OutDir(dir, tmp)).toThrow(`${dir} is in use by another run (process 12 on host elsewhere, started today); choose another --out, or delete ${join(dir, OUT_FILES.lock)} if that run is gone.`);
  });

  it('turns a full disk into one sentence (exit 1), at any write', () => {
    const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    let budget = 0;
    const full: OutFs = {
      ...fs,
      writeFileSync: ((...args: Parameters<typeof fs.writeFileSync>) => {
        if (String(args[0]).endsWith(OUT_FILES.weights) || budget-- <= 0) throw enospc();
        return fs.writeFileSync(...args);
      }) as typeof fs.writeFileSync,
      appendFileSync: (() => { throw enospc(); }) as typeof fs.appendFileSync,
    };
    const dir = join(tmp, 'd');
    budget = 10;
    const out = new OutDir(dir, tmp, { fs: full });
    expect(() => out.appendMetric({ step: 1 })).toThrow(new OutDirError(`Could not write ${OUT_FILES.metrics} in ${dir}: the disk is full (ENOSPC). Free some space or choose another --out.`, 1));
    expect(() => out.writeWeights([], {})).toThrow(/^Could not write weights\.safetensors in .*: the disk is full \(ENOSPC\)\. Free some space or choose another --out\.$/);
    budget = 0;
    expect(() => out.tryMarkIncomplete('stopped')).not.toThrow();
    out.release();
  });
});
