import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
