// IDX, the format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/):
// bytes 0-1 are zero, byte 2 the element type, byte 3 the number of dimensions, then one
// big-endian u32 per dimension, then the elements, big-endian, row-major.

import { maybeGunzip } from './gzip';

export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxArray {
  /** IDX element type name. */
  type: 'u8' | 'i8' | 'i16' | 'i32' | 'f32' | 'f64';
  dims: number[];
  data: IdxData;
}

const TYPES: Record<number, { type: IdxArray['type']; bytes: number }> = {
  0x08: { type: 'u8', bytes: 1 },
  0x09: { type: 'i8', bytes: 1 },
  0x0b: { type: 'i16', bytes: 2 },
  0x0c: { type: 'i32', bytes: 4 },
  0x0d: { type: 'f32', bytes: 4 },
  0x0e: { type: 'f64', bytes: 8 },
};

export class IdxError extends Error {
  override name = 'IdxError';
}

/** Parse an uncompressed IDX file. `name` (a file name) makes the errors say which file. */
export function parseIdx(bytes: Uint8Array, name = 'IDX file'): IdxArray {
  if (bytes.length < 4) {
    throw new IdxError(`${name} is truncated: it has ${bytes.length} bytes, fewer than the 4-byte IDX header.`);
  }
  const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  const kind = TYPES[bytes[2]];
  if (bytes[0] !== 0 || bytes[1] !== 0 || !kind) {
    throw new IdxError(
      `${name} is not an IDX file: it starts with ${magic}, expected 00 00 followed by a type byte ` +
        `08, 09, 0b, 0c, 0d or 0e. Is it an image or a label file from MNIST?`,
    );
  }
  const rank = bytes[3];
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new IdxError(`${name} is truncated: its header declares ${rank} dimensions but the file ends after ${bytes.length} bytes.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let d = 0; d < rank; d++) dims.push(view.getUint32(4 + 4 * d, false));
  const count = dims.reduce((a, b) => a * b, 1);
  const expected = headerBytes + count * kind.bytes;
  if (bytes.length < expected) {
    throw new IdxError(
      `${name} is truncated: dimensions [${dims.join(', ')}] need ${expected} bytes but the file has ${bytes.length}.`,
    );
  }
  if (bytes.length > expected) {
    throw new IdxError(
      `${name} has ${bytes.length - expected} bytes more than its dimensions [${dims.join(', ')}] need; ` +
        `the header and the data do not match.`,
    );
  }
  return { type: kind.type, dims, data: readElements(view, headerBytes, count, kind.type) };
}

function readElements(view: DataView, at: number, count: number, type: IdxArray['type']): IdxData {
  switch (type) {
    case 'u8':
      return new Uint8Array(view.buffer.slice(view.byteOffset + at, view.byteOffset + at + count));
    case 'i8':
      return new Int8Array(view.buffer.slice(view.byteOffset + at, view.byteOffset + at + count));
    case 'i16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(at + 2 * i, false);
      return out;
    }
    case 'i32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(at + 4 * i, false);
      return out;
    }
    case 'f32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(at + 4 * i, false);
      return out;
    }
    case 'f64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(at + 8 * i, false);
      return out;
    }
  }
}

/** Parse an IDX file that may be gzip-compressed (detected from its first two bytes). */
export async function readIdx(bytes: Uint8Array, name?: string): Promise<IdxArray> {
  return parseIdx(await maybeGunzip(bytes, name), name);
}

/** Encode an IDX file (u8 only): used by scripts and tests to make small fixtures. */
export function encodeIdxU8(dims: number[], data: Uint8Array): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(header.buffer);
  header[2] = 0x08;
  header[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  const out = new Uint8Array(header.length + data.length);
  out.set(header);
  out.set(data, header.length);
  return out;
}
