// The safetensors file format (https://github.com/huggingface/safetensors), written by hand:
//   8 bytes  little-endian u64: N, the length of the JSON header
//   N bytes  JSON: { "<name>": { "dtype": "F32", "shape": [...], "data_offsets": [begin, end] },
//                    "__metadata__": { string: string } }
//   rest     the tensors' raw bytes, back to back; offsets count from the start of this part.
// PyTorch (`safetensors.torch.load_file`), NumPy and Rust readers open it. Pure: no Node APIs.

export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

const METADATA_KEY = '__metadata__';
/** The reference writer pads the header with spaces so the data starts 8-byte aligned. */
const ALIGN = 8;

export function encodeSafetensors(tensors: readonly NamedTensor[], metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header[METADATA_KEY] = { ...metadata };
  let offset = 0;
  for (const t of tensors) {
    if (t.name === METADATA_KEY || Object.prototype.hasOwnProperty.call(header, t.name)) {
      throw new Error(`Tensor name '${t.name}' is reserved or used twice; every tensor needs its own name.`);
    }
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) {
      throw new Error(`Tensor '${t.name}' has shape [${t.shape.join(', ')}] (${count} values) but ${t.data.length} values.`);
    }
    header[t.name] = { dtype: 'F32', shape: [...t.shape], data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  const jsonBytes = () => new TextEncoder().encode(json).byteLength;
  json += ' '.repeat((ALIGN - ((8 + jsonBytes()) % ALIGN)) % ALIGN);
  const headerBytes = new TextEncoder().encode(json);

  const out = new Uint8Array(8 + headerBytes.byteLength + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.byteLength), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.byteLength;
  for (const t of tensors) {
    // NOTE: DataView writes little-endian whatever the host's byte order is.
    for (let i = 0; i < t.data.length; i++, at += 4) view.setFloat32(at, t.data[i], true);
  }
  return out;
}

export interface SafetensorsFile {
  tensors: NamedTensor[];
  metadata: Record<string, string>;
}

/** Reads F32 safetensors (what encodeSafetensors writes); throws a sentence on anything else. */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (bytes.byteLength < 8) throw new Error('Not a safetensors file: shorter than its 8-byte header length.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (8 + headerLength > bytes.byteLength) throw new Error('Not a safetensors file: its header runs past the end.');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Record<string, unknown>;
  const dataStart = 8 + headerLength;
  const dataLength = bytes.byteLength - dataStart;
  const metadata = (header[METADATA_KEY] ?? {}) as Record<string, string>;
  const tensors: NamedTensor[] = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === METADATA_KEY) continue;
    const { dtype, shape, data_offsets: [begin, end] } = entry as { dtype: string; shape: number[]; data_offsets: [number, number] };
    if (dtype !== 'F32') throw new Error(`Tensor '${name}' has dtype ${dtype}; only F32 is read.`);
    if (!(begin >= 0 && begin <= end && end <= dataLength) || (end - begin) !== 4 * shape.reduce((a, b) => a * b, 1)) {
      throw new Error(`Tensor '${name}' has data_offsets [${begin}, ${end}] that do not fit its shape or the file.`);
    }
    const data = new Float32Array((end - begin) / 4);
    for (let i = 0; i < data.length; i++) data[i] = view.getFloat32(dataStart + begin + 4 * i, true);
    tensors.push({ name, shape, data });
  }
  return { tensors, metadata };
}
