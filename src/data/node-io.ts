// DataIo over the file system, for the CLI and tests (never bundled into the app: it
// imports node:fs). Site paths `/data/...` map to the repository's public/data/; other
// relative paths (a CSV named in an experiment file) resolve from `baseDir`, the
// experiment file's folder.

import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tooLarge, type DataIo } from './io';

/** public/ of this repository, found from this source file. */
export const REPO_PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));

export function nodeIo(baseDir: string = process.cwd(), options: { publicDir?: string } = {}): DataIo {
  const publicDir = options.publicDir ?? REPO_PUBLIC_DIR;
  const io: DataIo = {
    async readFile(pathOrUrl, options = {}) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(pathOrUrl)) {
        throw new Error(`'${pathOrUrl}' is a URL; the command line reads local files only. Download it and give its path.`);
      }
      const file = await resolveDataPath(pathOrUrl, baseDir, publicDir);
      const failed = (e: NodeJS.ErrnoException) => {
        throw new Error(e.code === 'ENOENT' ? `File not found: ${file}.` : `Could not read ${file}: ${e.message}.`);
      };
      // Before reading a byte: a FIFO would block forever and /dev/zero never ends.
      const info = await stat(file).catch(failed);
      if (!info.isFile()) {
        const what = info.isFIFO() ? 'a named pipe (FIFO)' : info.isCharacterDevice() || info.isBlockDevice() ? 'a device' : info.isDirectory() ? 'a folder' : 'not a regular file';
        throw new Error(`${file} is ${what}, not a regular file; give the path of a data file.`);
      }
      if (options.maxBytes !== undefined && info.size > options.maxBytes) throw tooLarge(file, info.size, options);
      const bytes = await readFile(file).catch(failed);
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
