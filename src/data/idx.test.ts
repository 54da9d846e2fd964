import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeIdxU8, IdxError, parseIdx, readIdx } from './idx';
import { imageDatasetFromIdx } from './images';

const images = encodeIdxU8([2, 2, 3], Uint8Array.from([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]));
const labels = encodeIdxU8([2], Uint8Array.from([7, 3]));

describe('IDX', () => {
  it('parses a hand-made u8 file', () => {
    const idx = parseIdx(images);
    expect(idx.type).toBe('u8');
    expect(idx.dims).toEqual([2, 2, 3]);
    expect(Array.from(idx.data)).toEqual([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
  });

  it('reads big-endian multi-byte types', () => {
    const bytes = Uint8Array.from([0, 0, 0x0b, 1, 0, 0, 0, 2, 0x01, 0x02, 0xff, 0xfe]);
    const idx = parseIdx(bytes);
    expect(idx.type).toBe('i16');
    expect(Array.from(idx.data)).toEqual([0x0102, -2]);
    const f32 = new Uint8Array(12);
    f32.set([0, 0, 0x0d, 1, 0, 0, 0, 1]);
    new DataView(f32.buffer).setFloat32(8, 1.5, false);
    expect(Array.from(parseIdx(f32).data)).toEqual([1.5]);
  });

  it('accepts gzip and plain bytes alike', async () => {
    const idx = await readIdx(gzipSync(images));
    expect(idx.dims).toEqual([2, 2, 3]);
    expect(idx.data[11]).toBe(255);
    expect((await readIdx(images)).dims).toEqual([2, 2, 3]);
  });

  it('says what is wrong with a damaged file', async () => {
    expect(() => parseIdx(images.subarray(0, 10), 'x.idx')).toThrow(/x\.idx is truncated: its header declares 3 dimensions/);
    expect(() => parseIdx(images.subarray(0, 18))).toThrow(/truncated: dimensions \[2, 2, 3\] need 28 bytes but the file has 18/);
    expect(() => parseIdx(images.subarray(0, 2))).toThrow(IdxError);
    expect(() => parseIdx(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]))).toThrow(/not an IDX file: it starts with 89 50 4e 47/);
    expect(() => parseIdx(Uint8Array.from([0, 0, 0x07, 1, 0, 0, 0, 0]))).toThrow(/not an IDX file/);
    const extra = new Uint8Array(images.length + 3);
    extra.set(images);
    expect(() => parseIdx(extra)).toThrow(/3 bytes more than its dimensions/);
    const gz = gzipSync(images);
    await expect(readIdx(gz.subarray(0, gz.length - 12), 'cut.gz')).rejects.toThrow(/cut\.gz is not a valid gzip file/);
  });

  it('builds an image dataset [n, h, w, 1] of 0..255 floats', () => {
    const ds = imageDatasetFromIdx(parseIdx(images), parseIdx(labels));
    expect(ds).toMatchObject({ task: 'classification', inputShape: [2, 3, 1], numClasses: 10, n: 2 });
    expect(ds.x).toBeInstanceOf(Float32Array);
    expect(ds.x[11]).toBe(255);
    expect(Array.from(ds.y)).toEqual([7, 3]);
  });

  it('rejects labels that do not match the images', () => {
    const three = parseIdx(encodeIdxU8([3], Uint8Array.from([1, 2, 3])));
    expect(() => imageDatasetFromIdx(parseIdx(images), three)).toThrow(/has 2 images but .* has 3 labels/);
    const big = parseIdx(encodeIdxU8([2], Uint8Array.from([1, 12])));
    expect(() => imageDatasetFromIdx(parseIdx(images), big)).toThrow(/label 1 is 12, outside the classes 0..9/);
  });
});
