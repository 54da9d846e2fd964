// DataIo over the file system, for the CLI and tests (never bundled into the app: it
// imports node:fs). Site paths `/data/...` map to the repository's public/data/; other
// relative paths (a CSV named in an experiment file) resolve from `baseDir`, the
// experiment file's folder.

import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataIo } from './io';

/** public/ of this repository, found from this source file. */
export const REPO_PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));

export function nodeIo(baseDir: string = process.cwd(), options: { publicDir?: string } = {}): DataIo {
  const publicDir = options.publicDir ?? REPO_PUBLIC_DIR;
  const io: DataIo = {
    async readFile(pathOrUrl) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(pathOrUrl)) {
        throw new Error(`'${pathOrUrl}' is a URL; the command line reads local files only. Download it and give its path.`);
      }
      const file = await resolveDataPath(pathOrUrl, baseDir, publicDir);
      const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => {
        throw new Error(e.code === 'ENOENT' ? `File not found: ${file}.` : `Could not read ${file}: ${e.message}.`);
      });
      io.onProgress?.(bytes.byteLength, bytes.byteLength, pathOrUrl);
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
  };
  return io;
}

async function resolveDataPath(path: string, baseDir: string, publicDir: string): Promise<string> {
  if (path.startsWith('/data/')) {
    const inPublic = join(publicDir, path);
    // NOTE: an absolute path that merely starts with /data/ may be a real file elsewhere.
    const exists = await stat(inPublic).then(() => true, () => false);
    if (exists) return inPublic;
  }
  return isAbsolute(path) ? path : resolve(baseDir, path);
}
