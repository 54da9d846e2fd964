// The CPU backend's memory half: tensors over typed arrays. In 'f64' precision every f32
// tensor is a Float64Array, which makes this backend the float64 oracle for finite
// differences; in 'f32' it mirrors the GPU's arithmetic.
import type { CoreBackend, MemoryStats, UniformBlock } from '../backend';
import { sizeOf, type Shape } from '../shape';
import { Tensor, type DType } from '../tensor';

export type FloatArray = Float32Array | Float64Array;

export interface CpuStorage {
  data: FloatArray | Uint32Array;
}

export class CpuCore {
  readonly kind = 'cpu' as const;
  private liveTensors = 0;
  private liveBytes = 0;
  backend!: CoreBackend & { kind: 'cpu' };

  constructor(readonly precision: 'f32' | 'f64' = 'f32') {}

  /** The typed array behind a tensor (a view's subarray for views). */
  data(t: Tensor): FloatArray | Uint32Array {
    if (t.backend.kind !== 'cpu') throw new Error(`${t} lives on the ${t.backend.kind} backend, not the CPU.`);
    if (t.disposed) throw new Error(`${t} was used after being disposed.`);
    return (t.storage as CpuStorage).data;
  }

  /** The float data of an f32 tensor. */
  f(t: Tensor): FloatArray {
    return this.data(t) as FloatArray;
  }

  /** The u32 data of a u32 tensor. */
  u(t: Tensor): Uint32Array {
    return this.data(t) as Uint32Array;
  }

  newFloatArray(n: number): FloatArray {
    return this.precision === 'f64' ? new Float64Array(n) : new Float32Array(n);
  }

  /** Wraps an array this backend owns in a tensor (no copy). */
  wrap(data: FloatArray | Uint32Array, shape: Shape, dtype: DType = data instanceof Uint32Array ? 'u32' : 'f32'): Tensor {
    if (data.length !== sizeOf(shape)) throw new Error(`wrap: ${data.length} values for shape [${shape.join(', ')}].`);
    this.liveTensors++;
    this.liveBytes += data.byteLength;
    return new Tensor(this.backend as never, shape, dtype, { data } satisfies CpuStorage);
  }

  empty(shape: Shape, dtype: DType = 'f32'): Tensor {
    const n = sizeOf(shape);
    return this.wrap(dtype === 'u32' ? new Uint32Array(n) : this.newFloatArray(n), shape, dtype);
  }

  upload(data: ArrayLike<number>, shape: Shape, dtype: DType = 'f32'): Tensor {
    const n = sizeOf(shape);
    if (data.length !== n) throw new Error(`upload: ${data.length} values for shape [${shape.join(', ')}] (${n}).`);
    const t = this.empty(shape, dtype);
    (this.data(t) as Float64Array).set(data as ArrayLike<number>);
    return t;
  }

  write(t: Tensor, data: ArrayLike<number>): void {
    if (data.length !== t.size) throw new Error(`write: ${data.length} values for ${t}.`);
    (this.data(t) as Float64Array).set(data);
  }

  zero(t: Tensor): void {
    this.data(t).fill(0);
  }

  zeros(shape: Shape, dtype: DType = 'f32'): Tensor {
    return this.empty(shape, dtype);
  }

  fill(shape: Shape, value: number, dtype: DType = 'f32'): Tensor {
    const t = this.empty(shape, dtype);
    this.data(t).fill(value);
    return t;
  }

  async readLater(t: Tensor): Promise<FloatArray | Uint32Array> {
    return this.readSync(t);
  }

  async read(t: Tensor): Promise<FloatArray | Uint32Array> {
    return this.readSync(t);
  }

  /** Synchronous read (CPU only): a copy. */
  readSync(t: Tensor): FloatArray | Uint32Array {
    return this.data(t).slice();
  }

  view(t: Tensor, offset: number, shape: Shape): Tensor {
    const n = sizeOf(shape);
    if (offset + n > t.size) throw new Error(`view: [${offset}, ${offset + n}) exceeds ${t}.`);
    const data = this.data(t).subarray(offset, offset + n);
    return new Tensor(this.backend as never, shape, t.dtype, { data } satisfies CpuStorage, t.base ?? t);
  }

  copy(src: Tensor, dst: Tensor): void {
    if (src.size !== dst.size) throw new Error(`copy: ${src} and ${dst} differ in size.`);
    (this.data(dst) as Float64Array).set(this.data(src) as Float64Array);
  }

  release(t: Tensor): void {
    this.liveTensors--;
    this.liveBytes -= (t.storage as CpuStorage).data.byteLength;
  }

  createUniforms(words: number): UniformBlock {
    const data = new ArrayBuffer(Math.max(16, words * 4));
    return { words, u32: new Uint32Array(data), f32: new Float32Array(data), sync() {} };
  }

  allocFlat(shapes: Shape[], dtype: DType = 'f32'): { flat: Tensor; views: Tensor[]; offsets: number[] } {
    const total = shapes.reduce((a, s) => a + sizeOf(s), 0);
    const flat = this.zeros([total], dtype);
    let off = 0;
    const offsets: number[] = [];
    const views = shapes.map((s) => {
      offsets.push(off);
      const v = this.view(flat, off, s);
      off += sizeOf(s);
      return v;
    });
    return { flat, views, offsets };
  }

  memory(): MemoryStats {
    return {
      liveTensors: this.liveTensors, liveBuffers: this.liveTensors, liveBytes: this.liveBytes,
      pooledBuffers: 0, pooledBytes: 0, pinnedBuffers: 0, pinnedBytes: 0, uniformBuffers: 0,
    };
  }

  gpuFault(): string | null {
    return null;
  }

  counters() {
    return { dispatches: 0, submits: 0, readbacks: 0 };
  }

  flush(): void {}
  async sync(): Promise<void> {}
  dispose(): void {}
}
