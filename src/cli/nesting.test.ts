// The runner meets the same hostile nesting as the page: a deep experiment file or link
// exits 2 with one sentence on stderr, never a stack trace (it used to exit 1 from a
// stack overflow in structuredClone).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { defaultExperiment } from '../spec';
import { toBase64Url } from '../experiment';
import { DataLoadError } from '../data';
import { runCli } from './run';

const tmp = mkdtempSync(join(tmpdir(), 'cli-nesting-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const nested = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
const MESSAGE = 'The experiment is nested 4,000 levels deep; at most 32 are allowed.\n';

async function linkOf(text: string): Promise<string> {
  const packed = await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer();
  return toBase64Url(new Uint8Array(packed));
}

async function run(argv: string[]) {
  const out = { stdout: '', stderr: '' };
  const stream = (key: 'stdout' | 'stderr') => ({ write: (s: string) => { out[key] += s; } });
  // Past validation the runner loads the data: this stub stops it there, as a user error.
  const loadData = async () => { throw new DataLoadError('data', 'validation passed'); };
  const code = await runCli(argv, { stdout: stream('stdout'), stderr: stream('stderr'), cwd: tmp, loadData });
  return { code, ...out };
}

describe('the runner refuses deeply nested experiments', () => {
  test('an experiment file 4,000 levels deep: exit 2, one sentence', async () => {
    writeFileSync(join(tmp, 'deep.json'), nested(4000));
    expect(await run(['deep.json', '--backend', 'cpu'])).toEqual({ code: 2, stdout: '', stderr: MESSAGE });
  });

  test('the same as a share link (full URL or #e=), with --epochs too', async () => {
    const payload = await linkOf(nested(4000));
    expect(payload.length).toBeLessThan(120);
    for (const link of [`https://example.org/play/#e=${payload}`, `#e=${payload}`]) {
      expect(await run([link, '--epochs', '2'])).toEqual({ code: 2, stdout: '', stderr: MESSAGE });
    }
    // A bare payload that does not open reads as a mistyped name (resolve.ts): still exit 2, one line.
    const bare = await run([payload]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/^'[\w-]+' is not a file, a share link or a preset name; [^\n]+\n$/);
  });

  test('an ordinary experiment nested inside the limit still gets to loading its data', async () => {
    writeFileSync(join(tmp, 'ok.json'), JSON.stringify({ ...defaultExperiment(), extra: JSON.parse(nested(20)) }));
    expect(await run(['ok.json', '--backend', 'cpu'])).toMatchObject({ code: 2, stderr: expect.stringContaining('validation passed') });
  });
});
