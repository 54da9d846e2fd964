// Gzip detection and decompression with the platform's DecompressionStream, which exists
// in browsers and in Node 20, so the same loader runs in both without a zlib dependency.

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Decompress gzip bytes; `name` goes into the error message of a damaged file. */
export async function gunzip(bytes: Uint8Array, name = 'file'): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  try {
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new Error(`${name} is not a valid gzip file (it may be truncated or damaged): ${reason}.`, { cause: e });
  }
}

/** Decompress when the bytes start with the gzip magic; return them unchanged otherwise. */
export function maybeGunzip(bytes: Uint8Array, name?: string): Promise<Uint8Array> {
  return isGzip(bytes) ? gunzip(bytes, name) : Promise.resolve(bytes);
}
