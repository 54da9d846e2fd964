import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from './safetensors';

describe('safetensors', () => {
  const tensors = [
    { name: 'layer1.weight', shape: [2, 3], data: new Float32Array([1, -2, 3.5, 0, 1e-8, -Infinity]) },
    { name: 'layer1.bias', shape: [3], data: new Float32Array([0.25, 0.5, 0.75]) },
    { name: 'scalar', shape: [], data: new Float32Array([7]) },
  ];

  it('writes the header length, an 8-byte aligned JSON header and the raw little-endian data', () => {
    const bytes = encodeSafetensors(tensors, { seed: '1234', dataset: 'spiral' });
    const view = new DataView(bytes.buffer);
    const n = Number(view.getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header.__metadata__).toEqual({ seed: '1234', dataset: 'spiral' });
    expect(header['layer1.weight']).toEqual({ dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] });
    expect(header['layer1.bias']).toEqual({ dtype: 'F32', shape: [3], data_offsets: [24, 36] });
    expect(header.scalar).toEqual({ dtype: 'F32', shape: [], data_offsets: [36, 40] });
    expect(bytes.byteLength).toBe(8 + n + 40);
    expect(view.getFloat32(8 + n + 8, true)).toBe(3.5);
  });

  it('parses back to the same names, shapes, values and metadata', () => {
    const back = decodeSafetensors(encodeSafetensors(tensors, { seed: '1' }));
    expect(back.metadata).toEqual({ seed: '1' });
    expect(back.tensors.map((t) => [t.name, t.shape])).toEqual(tensors.map((t) => [t.name, t.shape]));
    back.tensors.forEach((t, i) => expect(Array.from(t.data)).toEqual(Array.from(tensors[i].data)));
  });

  it('omits __metadata__ when there is none, and refuses duplicate names and wrong sizes', () => {
    const bytes = encodeSafetensors([tensors[1]]);
    expect(new TextDecoder().decode(bytes)).not.toContain('__metadata__');
    expect(() => encodeSafetensors([tensors[1], tensors[1]])).toThrow(/used twice/);
    expect(() => encodeSafetensors([{ name: 'w', shape: [4], data: new Float32Array(3) }])).toThrow(/shape \[4\]/);
  });

  it('rejects truncated files', () => {
    const bytes = encodeSafetensors(tensors);
    expect(() => decodeSafetensors(bytes.subarray(0, 4))).toThrow(/8-byte/);
    expect(() => decodeSafetensors(bytes.subarray(0, bytes.byteLength - 4))).toThrow(/data_offsets/);
  });
});
