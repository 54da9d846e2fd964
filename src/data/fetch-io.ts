// DataIo over fetch, for the browser (and any runtime with fetch). Paths resolve against
// `baseUrl` (the page's URL, so `/data/...` is served from public/data/). Progress comes
// from reading the response body stream chunk by chunk. Only URLs on `baseUrl`'s origin
// are fetched.

import type { DataIo } from './io';

export function fetchIo(baseUrl: string | URL, options: { onProgress?: DataIo['onProgress'] } = {}): DataIo {
  const origin = new URL(baseUrl).origin;
  const io: DataIo = {
    onProgress: options.onProgress,
    async readFile(pathOrUrl) {
      const url = new URL(pathOrUrl, baseUrl);
      // The page's data lives on its own site; a full URL elsewhere (from an experiment
      // someone sent) is refused here as well as by the page's Content-Security-Policy.
      if (url.origin !== origin) throw new Error(`${url.href} is not on this site (${origin}); only the app's own data files are downloaded.`);
      const response = await fetch(url);
      if (!response.ok) throw new Error(`Could not download ${url.href}: HTTP ${response.status} ${response.statusText}.`);
      // NOTE: when a server sends a .gz with Content-Encoding: gzip, fetch decompresses it
      // and Content-Length counts compressed bytes; the IDX reader accepts either form,
      // and `total` is raised to `loaded` so progress never exceeds 100%.
      let total = Number(response.headers.get('content-length')) || 0;
      if (!response.body) return new Uint8Array(await response.arrayBuffer());
      const reader = response.body.getReader();
      const chunks: Uint8Array[] = [];
      let loaded = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        loaded += value.byteLength;
        if (total && loaded > total) total = loaded;
        io.onProgress?.(loaded, total, pathOrUrl);
      }
      const bytes = new Uint8Array(loaded);
      let at = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, at);
        at += chunk.byteLength;
      }
      return bytes;
    },
  };
  return io;
}
