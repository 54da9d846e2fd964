// Data input is bounded before and while it is read: special files are refused at once,
// a CSV over the size cap is refused before a byte is read, and the parser stops at the
// column, row and time caps with a sentence.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CSV_LIMITS, CsvError, parseCsv } from './csv';
import { DataLoadError, loadDataset } from './load';
import { memoryIo } from './io';
import { nodeIo } from './node-io';

const dir = mkdtempSync(join(tmpdir(), 'data-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const csvData = (file: string) => ({ dataset: 'csv' as const, csv: { file, target: 'y', task: 'classification' as const } });

/** Resolves with the error, or fails if it takes longer than `ms` (a FIFO must not hang). */
async function refusedWithin<T>(p: Promise<T>, ms: number): Promise<Error> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms));
  return Promise.race([p.then(() => { throw new Error('was not refused'); }, (e: Error) => e), timeout]);
}

describe('bounded data input', () => {
  it('refuses a FIFO, /dev/zero, /dev/urandom and a folder at once, without reading', async () => {
    const fifo = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    const io = nodeIo(dir);
    for (const [file, what] of [[fifo, 'a named pipe (FIFO)'], ['/dev/zero', 'a device'], ['/dev/urandom', 'a device'], [dir, 'a folder']]) {
      const e = await refusedWithin(loadDataset(csvData(file), 1, io), 2000);
      expect(e).toBeInstanceOf(DataLoadError);
      expect(e.message).toContain(`${file} is ${what}, not a regular file`);
    }
  });

  it('refuses a CSV over the size cap before reading it, naming the flag that raises it', async () => {
    const big = join(dir, 'big.csv');
    writeFileSync(big, 'x,y\n' + '1,0\n'.repeat(3000)); // 12,004 bytes
    const e = await refusedWithin(loadDataset(csvData(big), 1, nodeIo(dir), { maxCsvBytes: 10_000, raiseCsvLimitWith: '--max-csv-mb' }), 2000);
    expect(e.message).toBe(`Could not read the CSV file '${big}': '${big}' is 12.0 kB, over the limit of 10.0 kB (--max-csv-mb raises the limit); use a smaller file.`);
    // The default cap is 100 MB, and uploads (memory) are held to it too.
    expect(CSV_LIMITS.maxBytes).toBe(100_000_000);
    const upload = memoryIo({ 'a.csv': new Uint8Array(12_004) });
    await expect(loadDataset(csvData('a.csv'), 1, upload, { maxCsvBytes: 10_000 })).rejects.toThrow(/over the limit/);
  });

  it('stops at 1,000 columns', () => {
    const header = Array.from({ length: 1001 }, (_, i) => `c${i}`).join(',');
    expect(() => parseCsv(`${header}\n`, { target: 'c0', task: 'classification' })).toThrow(new CsvError('The CSV file has 1,001 columns; at most 1,000 are allowed.'));
    const ok = Array.from({ length: 1000 }, (_, i) => `c${i}`).join(',');
    const row = (k: number) => Array.from({ length: 1000 }, (_, i) => (i + k) % 2).join(',');
    expect(parseCsv(`${ok}\n${row(0)}\n${row(1)}\n`, { target: 'c0', task: 'classification' }).dataset.n).toBe(2);
  });

  it('stops past the row cap, naming the line', () => {
    const text = 'x,y\n' + '1,0\n2,1\n'.repeat(10) + '3,0\n'; // 21 rows
    expect(() => parseCsv(text, { target: 'y', task: 'classification', maxRows: 20 })).toThrow('The CSV file has more than 20 data rows (line 22 is past the limit); use a smaller file.');
    expect(parseCsv(text, { target: 'y', task: 'classification', maxRows: 21 }).dataset.n).toBe(21);
    expect(CSV_LIMITS.maxRows).toBe(1_000_000);
  });

  it('stops when parsing takes longer than the time cap', () => {
    let clock = 0;
    const now = () => (clock += 10); // 10 ms per look at the clock
    const text = 'x,y\n' + '1,0\n2,1\n'.repeat(2500);
    expect(() => parseCsv(text, { target: 'y', task: 'classification', maxSeconds: 0.02, now })).toThrow(/^Reading the CSV file took longer than 0\.02 s \(stopped at line \d+\); use a smaller file\.$/);
    expect(CSV_LIMITS.maxSeconds).toBe(30);
  });
});
