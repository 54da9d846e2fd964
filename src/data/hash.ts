// Content hashes identify an uploaded CSV in a share link: the link carries the hash, and
// whoever opens it is asked for a file with the same hash, so results are not silently
// reproduced on different data.

/** SHA-256 of the bytes (or of a string's UTF-8), as 64 lowercase hex digits. */
export async function contentHash(bytes: Uint8Array | string): Promise<string> {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  const digest = await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
