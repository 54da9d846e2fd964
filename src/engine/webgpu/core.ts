// The WebGPU backend's memory half: tensors over pooled GPU buffers, uploads, reads,
// views into flat buffers, uniform blocks. Kernel families build on GpuCore.
import type { CoreBackend, MemoryStats, UniformBlock } from '../backend';
import { sizeOf, type Shape } from '../shape';
import { Tensor, type DType } from '../tensor';
import { grid1d } from './grid';
import { USAGE } from './buffer-pool';
import { GpuRuntime, type GpuStorage } from './runtime';
import type { GpuContext } from './device';
import fillWgsl from '../../../shaders/fill.wgsl?raw';

export class GpuCore {
  readonly kind = 'webgpu' as const;
  readonly precision = 'f32' as const;
  readonly rt: GpuRuntime;
  private liveTensors = 0;
  /** Filled in by createWebGpuBackend so core methods can construct tensors. */
  backend!: CoreBackend & { kind: 'webgpu' };

  constructor(readonly ctx: GpuContext) {
    this.rt = new GpuRuntime(ctx);
  }

  storageOf(t: Tensor): GpuStorage {
    if (t.backend.kind !== 'webgpu') throw new Error(`${t} lives on the ${t.backend.kind} backend, not WebGPU.`);
    if (t.disposed) throw new Error(`${t} was used after being disposed.`);
    return t.storage as GpuStorage;
  }

  /** A new uninitialized tensor. */
  empty(shape: Shape, dtype: DType = 'f32'): Tensor {
    const bytes = sizeOf(shape) * 4;
    const buffer = this.rt.pool.acquire(bytes);
    this.liveTensors++;
    return new Tensor(this.backend as never, shape, dtype, { buffer, offset: 0, bytes } satisfies GpuStorage);
  }

  upload(data: ArrayLike<number>, shape: Shape, dtype: DType = 'f32'): Tensor {
    const n = sizeOf(shape);
    if (data.length !== n) throw new Error(`upload: ${data.length} values for shape [${shape.join(', ')}] (${n}).`);
    const t = this.empty(shape, dtype);
    // A pooled buffer may still be used by unsubmitted commands: write() submits them first.
    this.write(t, data);
    return t;
  }

  write(t: Tensor, data: ArrayLike<number>): void {
    if (data.length !== t.size) throw new Error(`write: ${data.length} values for ${t}.`);
    const arr = t.dtype === 'u32' ? Uint32Array.from(data) : Float32Array.from(data);
    const s = this.storageOf(t);
    // NOTE: queued commands that touch this buffer must not see the new values.
    if (this.rt.pendingUses(s.buffer)) this.rt.flush();
    if (t.size > 0) this.ctx.device.queue.writeBuffer(s.buffer, s.offset, arr.buffer, arr.byteOffset, arr.byteLength);
  }

  zero(t: Tensor): void {
    this.rt.clear({ ...this.storageOf(t), bytes: t.size * 4 });
  }

  zeros(shape: Shape, dtype: DType = 'f32'): Tensor {
    const t = this.empty(shape, dtype);
    this.rt.clear(this.storageOf(t));
    return t;
  }

  fill(shape: Shape, value: number, dtype: DType = 'f32'): Tensor {
    const t = this.empty(shape, dtype);
    const bits = dtype === 'u32' ? value >>> 0 : new Uint32Array(new Float32Array([value]).buffer)[0];
    const pipeline = this.rt.pipeline({ code: fillWgsl, label: 'fill' });
    const params = this.rt.params(pipeline, { count: t.size, bits });
    this.rt.dispatch(pipeline, [this.storageOf(t), params], grid1d(t.size, 256), 'fill');
    return t;
  }

  /** Queues a read that rides along with the next submit (a step's replay); no flush. */
  async readLater(t: Tensor): Promise<Float32Array | Uint32Array> {
    const data = await this.rt.enqueueRead({ ...this.storageOf(t), bytes: t.size * 4 });
    return t.dtype === 'u32' ? new Uint32Array(data, 0, t.size) : new Float32Array(data, 0, t.size);
  }

  async read(t: Tensor): Promise<Float32Array | Uint32Array> {
    const s = this.storageOf(t);
    const data = await this.rt.read({ ...s, bytes: t.size * 4 });
    return t.dtype === 'u32' ? new Uint32Array(data, 0, t.size) : new Float32Array(data, 0, t.size);
  }

  view(t: Tensor, offset: number, shape: Shape): Tensor {
    const s = this.storageOf(t);
    const n = sizeOf(shape);
    if (offset + n > t.size) throw new Error(`view: [${offset}, ${offset + n}) exceeds ${t}.`);
    const byteOffset = s.offset + offset * 4;
    const align = this.rt.limits.minStorageBufferOffsetAlignment ?? 256;
    if (byteOffset % align !== 0 && offset !== 0) {
      throw new Error(`view: offset ${offset} is not aligned to ${align} bytes (use allocFlat).`);
    }
    return new Tensor(this.backend as never, shape, t.dtype, { buffer: s.buffer, offset: byteOffset, bytes: n * 4 }, t.base ?? t);
  }

  copy(src: Tensor, dst: Tensor): void {
    if (src.size !== dst.size) throw new Error(`copy: ${src} and ${dst} differ in size.`);
    this.rt.copy(this.storageOf(src), this.storageOf(dst), src.size * 4);
  }

  release(t: Tensor): void {
    this.liveTensors--;
    this.rt.pool.release((t.storage as GpuStorage).buffer);
  }

  createUniforms(words: number): UniformBlock {
    const size = Math.max(16, Math.ceil(words / 4) * 16);
    const buffer = this.ctx.device.createBuffer({ size, usage: USAGE.UNIFORM | USAGE.COPY_DST });
    const data = new ArrayBuffer(size);
    const rt = this.rt;
    const queue = this.ctx.device.queue;
    return {
      words,
      u32: new Uint32Array(data),
      f32: new Float32Array(data),
      sync() {
        // NOTE: eager commands already queued must see the old values; submit them first.
        if (!rt.isRecording && rt.pendingUses(buffer)) rt.flush();
        queue.writeBuffer(buffer, 0, data);
      },
      buffer,
    } as UniformBlock & { buffer: GPUBuffer };
  }

  allocFlat(shapes: Shape[], dtype: DType = 'f32'): { flat: Tensor; views: Tensor[]; offsets: number[] } {
    const alignWords = (this.rt.limits.minStorageBufferOffsetAlignment ?? 256) / 4;
    const offsets: number[] = [];
    let total = 0;
    for (const s of shapes) {
      offsets.push(total);
      total += Math.ceil(sizeOf(s) / alignWords) * alignWords;
    }
    const flat = this.zeros([total], dtype);
    return { flat, views: shapes.map((s, i) => this.view(flat, offsets[i], s)), offsets };
  }

  memory(): MemoryStats {
    const p = this.rt.pool.stats();
    return { liveTensors: this.liveTensors, ...p, uniformBuffers: this.rt.uniformBufferCount };
  }

  gpuFault(): string | null {
    return this.rt.fault();
  }

  counters() {
    return { ...this.rt.counters };
  }

  flush(): void {
    this.rt.flush();
  }

  async sync(): Promise<void> {
    this.rt.flush();
    await this.ctx.device.queue.onSubmittedWorkDone();
  }

  dispose(): void {
    this.rt.destroy();
  }
}

/** The GPU buffer behind a UniformBlock made by GpuCore.createUniforms. */
export function uniformBuffer(block: UniformBlock): GPUBuffer {
  return (block as UniformBlock & { buffer: GPUBuffer }).buffer;
}
