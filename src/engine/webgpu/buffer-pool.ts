// Reuses GPU buffers by size class: creating buffers is expensive and, in a training loop,
// the same sizes come back every step.

// NOTE: numeric GPUBufferUsage flags (from the spec) so this module loads before Dawn's
// globals exist in Node.
export const USAGE = { MAP_READ: 0x1, COPY_SRC: 0x4, COPY_DST: 0x8, UNIFORM: 0x40, STORAGE: 0x80 } as const;
const STORAGE_USAGE = USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST;

/** Rounds a byte size up to its pool class: 256-byte steps, then 1/8-octave steps. */
export function sizeClass(bytes: number): number {
  const b = Math.max(256, Math.ceil(bytes / 256) * 256);
  if (b <= 65536) return b;
  const octave = 2 ** Math.floor(Math.log2(b));
  const step = octave / 8;
  return Math.ceil(b / step) * step;
}

export class BufferPool {
  private free = new Map<number, GPUBuffer[]>();
  private live = new Set<GPUBuffer>();
  /** Buffers a compiled step still references: never handed out again until it is disposed. */
  private pinned = new Map<GPUBuffer, number>();
  private orphaned = new Set<GPUBuffer>();
  liveBytes = 0;
  pooledBytes = 0;

  constructor(private readonly device: GPUDevice) {}

  acquire(bytes: number): GPUBuffer {
    const size = sizeClass(bytes);
    const list = this.free.get(size);
    let buffer = list?.pop();
    if (buffer) this.pooledBytes -= size;
    else buffer = this.device.createBuffer({ size, usage: STORAGE_USAGE });
    this.live.add(buffer);
    this.liveBytes += size;
    return buffer;
  }

  release(buffer: GPUBuffer): void {
    if (!this.live.delete(buffer)) return;
    this.liveBytes -= buffer.size;
    if (this.pinned.has(buffer)) {
      this.orphaned.add(buffer);
      return;
    }
    this.park(buffer);
  }

  private park(buffer: GPUBuffer): void {
    const list = this.free.get(buffer.size) ?? [];
    list.push(buffer);
    this.free.set(buffer.size, list);
    this.pooledBytes += buffer.size;
  }

  /** Called when a step plan is sealed: its buffers stay out of the pool. */
  pin(buffers: Iterable<GPUBuffer>): void {
    for (const b of buffers) {
      this.pinned.set(b, (this.pinned.get(b) ?? 0) + 1);
      const list = this.free.get(b.size);
      const i = list?.indexOf(b) ?? -1;
      if (list && i >= 0) {
        list.splice(i, 1);
        this.pooledBytes -= b.size;
        this.orphaned.add(b);
      }
    }
  }

  unpin(buffers: Iterable<GPUBuffer>): void {
    for (const b of buffers) {
      const n = (this.pinned.get(b) ?? 1) - 1;
      if (n > 0) {
        this.pinned.set(b, n);
        continue;
      }
      this.pinned.delete(b);
      if (this.orphaned.delete(b)) this.park(b);
    }
  }

  stats() {
    let pooled = 0;
    for (const l of this.free.values()) pooled += l.length;
    let pinnedBytes = 0;
    for (const b of this.orphaned) pinnedBytes += b.size;
    return {
      liveBuffers: this.live.size, liveBytes: this.liveBytes, pooledBuffers: pooled, pooledBytes: this.pooledBytes,
      pinnedBuffers: this.orphaned.size, pinnedBytes,
    };
  }

  destroy(): void {
    for (const l of this.free.values()) for (const b of l) b.destroy();
    for (const b of this.live) b.destroy();
    for (const b of this.orphaned) b.destroy();
    this.free.clear();
    this.live.clear();
  }
}
