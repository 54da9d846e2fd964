import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fetchIo } from './fetch-io';

const body = new Uint8Array(200_000).map((_, i) => i % 251);
const server = createServer((req, res) => {
  if (req.url !== '/data/file.bin') return void res.writeHead(404).end();
  res.writeHead(200, { 'content-length': String(body.length) });
  res.end(body);
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

describe('fetchIo', () => {
  it('downloads a site path with progress', async () => {
    const progress: [number, number][] = [];
    const io = fetchIo(base, { onProgress: (loaded, total) => progress.push([loaded, total]) });
    const bytes = await io.readFile('/data/file.bin');
    expect(bytes).toEqual(body);
    expect(progress.at(-1)).toEqual([body.length, body.length]);
    expect(progress.every(([, total]) => total === body.length)).toBe(true);
  });

  it('says which URL failed', async () => {
    await expect(fetchIo(base).readFile('/data/missing.bin')).rejects.toThrow(/Could not download http:\/\/127\.0\.0\.1:\d+\/data\/missing\.bin: HTTP 404/);
  });

  it.each(['https://example.invalid/x.csv', '//example.invalid/x.csv', 'http://localhost:1/data/file.bin'])('refuses %s (another origin) without a request', async (url) => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      await expect(fetchIo(base).readFile(url)).rejects.toThrow(/is not on this site \(http:\/\/127\.0\.0\.1:\d+\); only the app's own data files are downloaded\./);
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it('reads a full URL on its own origin', async () => {
    expect(await fetchIo(base).readFile(`${base}data/file.bin`)).toEqual(body);
  });
});
