// The WebGPU runtime every kernel goes through: pipeline cache, per-dispatch parameter
// uniforms, the pending command list, submission, readbacks, step plans and profiling.
//
// Commands (dispatch, copy, clear) are appended to a pending list and encoded together
// into ONE command encoder at flush(). A step plan is the same list saved while recording
// one training step: replaying it re-encodes the saved commands (pipelines and bind
// groups already built) and submits once. See docs/architecture.md.
import { BufferPool, USAGE } from './buffer-pool';
import type { GpuContext } from './device';
import { packParams, parseParamsLayout, type ParamsLayout, type ParamValues } from './params-layout';

export interface GpuStorage {
  buffer: GPUBuffer;
  /** Byte offset into buffer (aligned to minStorageBufferOffsetAlignment for views). */
  offset: number;
  bytes: number;
}

/** What a kernel can bind, in binding order (group 0, binding i). */
export type Binding = GpuStorage | GPUBuffer | GPUBufferBinding;

export type Command =
  | { kind: 'dispatch'; pipeline: GPUComputePipeline; bindGroup: GPUBindGroup; groups: [number, number, number]; family: string; buffers: GPUBuffer[] }
  | { kind: 'copy'; src: GPUBuffer; srcOffset: number; dst: GPUBuffer; dstOffset: number; bytes: number }
  | { kind: 'clear'; buffer: GPUBuffer; offset: number; bytes: number };

export interface PipelineSpec {
  /** Full WGSL source (after any splicing). */
  code: string;
  entry?: string;
  /** Values for `override` constants (tile sizes, workgroup sizes). */
  constants?: Record<string, number>;
  /** A readable label for errors and profiles. */
  label?: string;
}

interface PendingRead {
  src: GpuStorage;
  staging: GPUBuffer;
  bytes: number;
  resolve: (data: ArrayBuffer) => void;
  reject: (e: unknown) => void;
}

export class GpuRuntime {
  readonly device: GPUDevice;
  readonly pool: BufferPool;
  readonly limits: Record<string, number>;
  readonly hasTimestamps: boolean;
  readonly counters = { dispatches: 0, submits: 0, readbacks: 0 };
  /** Parameter packs (rt.params calls) and the uniform buffers they created: a replayed plan adds to neither. */
  readonly paramStats = { packs: 0, buffers: 0 };
  /** Dispatches per family, cumulative (cheap; always on). */
  readonly familyCounts = new Map<string, number>();

  private pipelines = new Map<string, GPUComputePipeline>();
  private layouts = new Map<GPUComputePipeline, GPUBindGroupLayout>();
  /** Each pipeline's parameter struct, read from its WGSL when it was created. */
  private paramLayouts = new Map<GPUComputePipeline, { kernel: string; layout: ParamsLayout | null }>();
  private paramBuffers = new Map<string, GPUBuffer>();
  private pending: Command[] = [];
  private reads: PendingRead[] = [];
  private recording: Command[] | null = null;
  private stagingPool: GPUBuffer[] = [];
  private profiler: Profiler | null = null;

  /** The first GPU error seen (a sentence), or null: once set, results are not to be trusted. */
  private faultMessage: string | null = null;

  constructor(readonly ctx: GpuContext) {
    this.device = ctx.device;
    this.pool = new BufferPool(ctx.device);
    this.limits = ctx.info.limits;
    this.hasTimestamps = ctx.device.features.has('timestamp-query');
    // Whatever no error scope caught (eager work, replays without a read) still counts.
    ctx.device.addEventListener('uncapturederror', (ev) => this.recordFault('running work on the GPU', (ev as GPUUncapturedErrorEvent).error));
    void ctx.lost.then((message) => { this.faultMessage ??= `The GPU stopped working: ${message}`; });
  }

  // ---- GPU errors -------------------------------------------------------------------------

  /**
   * The first GPU error since the device was opened, as a sentence, or null. After an
   * error WebGPU turns later work into no-ops, so a reader must stop, not report numbers.
   */
  fault(): string | null {
    return this.faultMessage;
  }

  /**
   * Runs `fn` inside validation, out-of-memory and internal error scopes; an error in them
   * is recorded against `phase` ("tracing the training step"). `checked` settles once the
   * scopes are popped (after the work `fn` submitted was validated).
   */
  watch<T>(phase: string, fn: () => T): { result: T; checked: Promise<void> } {
    const kinds: GPUErrorFilter[] = ['internal', 'out-of-memory', 'validation'];
    for (const k of kinds) this.device.pushErrorScope(k);
    let outcome: { ok: true; result: T } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, result: fn() };
    } catch (error) {
      outcome = { ok: false, error };
    }
    // Popped whatever fn did: scopes left open would swallow every later error.
    const pops = kinds.map(() => this.device.popErrorScope().then((e) => e && this.recordFault(phase, e), () => undefined));
    if (!outcome.ok) throw outcome.error;
    return { result: outcome.result, checked: Promise.all(pops).then(() => undefined) };
  }

  private recordFault(phase: string, error: GPUError): void {
    if (this.faultMessage) return;
    const what = error.constructor?.name === 'GPUOutOfMemoryError' ? 'ran out of memory'
      : error.constructor?.name === 'GPUInternalError' ? 'reported an internal error'
      : 'rejected a command (validation error)';
    this.faultMessage = `The GPU ${what} while ${phase}: ${error.message.trim().split('\n')[0]}`;
  }

  // ---- pipelines and parameters -------------------------------------------------------

  pipeline(spec: PipelineSpec): GPUComputePipeline {
    const key = `${spec.entry ?? 'main'}|${JSON.stringify(spec.constants ?? {})}|${spec.code}`;
    let p = this.pipelines.get(key);
    if (!p) {
      const kernel = spec.label ?? `unlabelled kernel ${spec.entry ?? 'main'}`;
      // Parsed first: a parameter struct the packer cannot lay out fails here, at creation.
      const layout = parseParamsLayout(spec.code, kernel);
      const module = this.device.createShaderModule({ code: spec.code, label: spec.label });
      p = this.device.createComputePipeline({
        layout: 'auto',
        label: spec.label,
        compute: { module, entryPoint: spec.entry ?? 'main', constants: spec.constants },
      });
      this.pipelines.set(key, p);
      this.paramLayouts.set(p, { kernel, layout });
    }
    return p;
  }

  /**
   * The uniform buffer of one dispatch's parameters, packed by name into the layout of the
   * pipeline's WGSL `...Params` struct (see params-layout.ts): `rt.params(pipeline, { count: n,
   * alpha: 0.2 })`. Throws on an unknown, missing or ill-typed field. Buffers are cached by
   * content, so repeated eager calls create none and a replayed step packs nothing at all.
   */
  params(pipeline: GPUComputePipeline, values: ParamValues): GPUBuffer {
    const entry = this.paramLayouts.get(pipeline);
    if (!entry) throw new Error(`params: pipeline "${pipeline.label}" was not made by this runtime's pipeline().`);
    if (!entry.layout) throw new Error(`Kernel "${entry.kernel}" binds no var<uniform> of a struct named ...Params, so it has no parameters to pack.`);
    this.paramStats.packs++;
    return this.uniform(packParams(entry.layout, values, entry.kernel));
  }

  /** Uniform parameter buffers held in the cache. */
  get uniformBufferCount(): number {
    return this.paramBuffers.size;
  }

  /** The parameter layout parsed from a pipeline's WGSL (null when it has none); for tests. */
  paramsLayoutOf(pipeline: GPUComputePipeline): ParamsLayout | null {
    return this.paramLayouts.get(pipeline)?.layout ?? null;
  }

  /**
   * A read-only uniform buffer holding `words` (zero-padded to 16 bytes), cached by content:
   * equal bytes share one buffer. Never written again, so bind groups may keep it.
   */
  uniform(words: Uint32Array): GPUBuffer {
    const size = Math.max(16, Math.ceil(words.byteLength / 16) * 16);
    const data = size === words.byteLength ? words : new Uint32Array(size / 4);
    if (data !== words) data.set(words);
    const key = data.join(',');
    let buf = this.paramBuffers.get(key);
    if (buf) return buf;
    buf = this.device.createBuffer({ size, usage: USAGE.UNIFORM | USAGE.COPY_DST, label: `params ${key.slice(0, 40)}` });
    this.device.queue.writeBuffer(buf, 0, data.buffer, data.byteOffset, size);
    this.paramStats.buffers++;
    if (this.paramBuffers.size > 4096) this.paramBuffers.clear(); // bounded; old ones are GC'd with their bind groups
    this.paramBuffers.set(key, buf);
    return buf;
  }

  // ---- commands -----------------------------------------------------------------------

  dispatch(pipeline: GPUComputePipeline, bindings: Binding[], groups: [number, number?, number?], family: string): void {
    let layout = this.layouts.get(pipeline);
    if (!layout) {
      layout = pipeline.getBindGroupLayout(0);
      this.layouts.set(pipeline, layout);
    }
    const buffers: GPUBuffer[] = [];
    const entries = bindings.map((b, binding) => {
      const resource = toResource(b);
      buffers.push(resource.buffer);
      return { binding, resource };
    });
    const bindGroup = this.device.createBindGroup({ layout, entries });
    const [x, y = 1, z = 1] = groups;
    if (x === 0 || y === 0 || z === 0) return;
    const max = this.limits.maxComputeWorkgroupsPerDimension ?? 65535;
    if (x > max || y > max || z > max) {
      throw new Error(`Kernel ${family} needs ${x}x${y}x${z} workgroups; the adapter allows ${max} per dimension.`);
    }
    this.push({ kind: 'dispatch', pipeline, bindGroup, groups: [x, y, z], family, buffers });
  }

  copy(src: GpuStorage, dst: GpuStorage, bytes = src.bytes): void {
    if (bytes === 0) return;
    this.push({ kind: 'copy', src: src.buffer, srcOffset: src.offset, dst: dst.buffer, dstOffset: dst.offset, bytes });
  }

  clear(dst: GpuStorage): void {
    if (dst.bytes === 0) return;
    this.push({ kind: 'clear', buffer: dst.buffer, offset: dst.offset, bytes: Math.ceil(dst.bytes / 4) * 4 });
  }

  private push(c: Command): void {
    this.pending.push(c);
    this.recording?.push(c);
    // Bound the pending list in eager mode so long op sequences do not pile up.
    if (!this.recording && this.pending.length >= 512) this.flush();
  }

  /** Does any unsubmitted command touch `buffer`? (Then a queue write must wait for them.) */
  pendingUses(buffer: GPUBuffer): boolean {
    return this.pending.some((c) =>
      c.kind === 'dispatch' ? c.buffers.includes(buffer) : c.kind === 'copy' ? c.src === buffer || c.dst === buffer : c.buffer === buffer,
    );
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** Encodes the pending commands into one encoder and submits them (one submit). */
  flush(): void {
    if (this.pending.length === 0 && this.reads.length === 0) return;
    this.submit(this.pending);
    this.pending = [];
  }

  /** Encodes pending eager work, then `commands`, then queued readback copies: one submit. */
  submitPlan(commands: readonly Command[]): void {
    const all = this.pending.length ? [...this.pending, ...commands] : commands;
    this.pending = [];
    this.submit(all);
  }

  /** Encodes `commands` (plus queued readback copies) and submits once. */
  submit(commands: readonly Command[]): void {
    const encoder = this.device.createCommandEncoder();
    encodeCommands(encoder, commands, this.counters, this.familyCounts, this.profiler);
    // Reads go last so they see this submit's results.
    const reads = this.reads;
    this.reads = [];
    for (const r of reads) encoder.copyBufferToBuffer(r.src.buffer, r.src.offset, r.staging, 0, r.bytes);
    this.profiler?.resolve(encoder);
    this.device.queue.submit([encoder.finish()]);
    this.counters.submits++;
    for (const r of reads) {
      r.staging.mapAsync(1 /* GPUMapMode.READ */).then(
        () => {
          const copy = r.staging.getMappedRange(0, r.bytes).slice(0);
          r.staging.unmap();
          this.stagingPool.push(r.staging);
          r.resolve(copy);
        },
        (e) => r.reject(e),
      );
    }
    this.profiler?.collect();
  }

  /**
   * Queues a copy of `src` into a staging buffer; the promise resolves after the next
   * submit completes. Never blocks the command stream (the trainer's async metrics ring).
   */
  enqueueRead(src: GpuStorage, bytes = src.bytes): Promise<ArrayBuffer> {
    this.counters.readbacks++;
    const padded = Math.max(4, Math.ceil(bytes / 4) * 4);
    const i = this.stagingPool.findIndex((b) => b.size >= padded && b.size <= padded * 4);
    const staging =
      i >= 0
        ? this.stagingPool.splice(i, 1)[0]
        : this.device.createBuffer({ size: Math.max(256, padded), usage: USAGE.MAP_READ | USAGE.COPY_DST });
    return new Promise((resolve, reject) => this.reads.push({ src, staging, bytes, resolve, reject }));
  }

  /** Reads now: flushes pending work, then waits for the copy. */
  async read(src: GpuStorage): Promise<ArrayBuffer> {
    const p = this.enqueueRead(src);
    this.flush();
    const data = await p;
    return data.byteLength > src.bytes ? data.slice(0, src.bytes) : data;
  }

  // ---- step plans ---------------------------------------------------------------------

  /** Starts saving every command (the traced first step). Pending eager work is flushed first. */
  beginPlan(): void {
    if (this.recording) throw new Error('A step plan is already being recorded.');
    this.flush();
    this.recording = [];
  }

  endPlan(): StepPlan {
    const commands = this.recording;
    if (!commands) throw new Error('No step plan is being recorded.');
    this.recording = null;
    // The traced step runs now, as its own submit; replays re-encode the same commands.
    this.flush();
    return new StepPlan(this, commands);
  }

  /** Abandons the plan being recorded (its body threw): its half-recorded commands are dropped. */
  cancelPlan(): void {
    if (!this.recording) throw new Error('No step plan is being recorded.');
    // NOTE: beginPlan flushed, so everything pending was recorded; the buffers of those
    // commands may already be back in the pool, so they must never be submitted.
    this.recording = null;
    this.pending = [];
  }

  get isRecording(): boolean {
    return this.recording !== null;
  }

  // ---- profiling ----------------------------------------------------------------------

  /** Starts timing each dispatch with timestamp queries (when the adapter has them). */
  /**
   * Times every dispatch from now on in a pass of its own (the same commands in the same
   * order: results do not change). `by`: sum the times per kernel family, or keep one entry
   * per dispatch named "pipeline label [groups]" (a repeated name numbered "#2", "#3").
   */
  startProfile(by: ProfileKey = 'family'): boolean {
    if (!this.hasTimestamps) return false;
    this.profiler = new Profiler(this.device, by);
    return true;
  }

  /** Stops profiling; GPU milliseconds per kernel family (or per dispatch) since startProfile. */
  async stopProfile(): Promise<Map<string, number>> {
    const p = this.profiler;
    this.profiler = null;
    if (!p) return new Map();
    this.flush();
    return p.totals();
  }

  destroy(): void {
    this.pool.destroy();
    for (const b of this.paramBuffers.values()) b.destroy();
    for (const b of this.stagingPool) b.destroy();
  }
}

function toResource(b: Binding): GPUBufferBinding {
  if ('buffer' in b && 'bytes' in b) {
    // NOTE: round the bound size up to 16 bytes so vec4 views of a tensor stay valid;
    // kernels take element counts from their parameters, never from arrayLength.
    const size = Math.min(Math.max(16, Math.ceil(b.bytes / 16) * 16), b.buffer.size - b.offset);
    return { buffer: b.buffer, offset: b.offset, size };
  }
  if ('buffer' in b) return b as GPUBufferBinding;
  return { buffer: b as GPUBuffer };
}

function encodeCommands(
  encoder: GPUCommandEncoder,
  commands: readonly Command[],
  counters: { dispatches: number },
  familyCounts: Map<string, number>,
  profiler: Profiler | null,
): void {
  let pass: GPUComputePassEncoder | null = null;
  for (const c of commands) {
    if (c.kind === 'dispatch') {
      if (profiler) {
        pass?.end();
        pass = encoder.beginComputePass({ timestampWrites: profiler.next(c) });
      } else if (!pass) pass = encoder.beginComputePass();
      pass.setPipeline(c.pipeline);
      pass.setBindGroup(0, c.bindGroup);
      pass.dispatchWorkgroups(c.groups[0], c.groups[1], c.groups[2]);
      counters.dispatches++;
      familyCounts.set(c.family, (familyCounts.get(c.family) ?? 0) + 1);
      if (profiler) {
        pass.end();
        pass = null;
      }
      continue;
    }
    pass?.end();
    pass = null;
    if (c.kind === 'copy') encoder.copyBufferToBuffer(c.src, c.srcOffset, c.dst, c.dstOffset, c.bytes);
    else encoder.clearBuffer(c.buffer, c.offset, c.bytes);
  }
  pass?.end();
}

/**
 * A recorded training step. replay() encodes the same commands again (same pipelines,
 * bind groups and buffers) with one submit; uniforms changed with UniformBlock.sync()
 * before the call are what differ between steps.
 */
export class StepPlan {
  readonly dispatchCount: number;
  private readonly buffers: Set<GPUBuffer>;
  private disposed = false;

  constructor(
    private readonly rt: GpuRuntime,
    readonly commands: readonly Command[],
  ) {
    this.dispatchCount = commands.filter((c) => c.kind === 'dispatch').length;
    this.buffers = new Set();
    for (const c of commands) {
      if (c.kind === 'dispatch') c.buffers.forEach((b) => this.buffers.add(b));
      else if (c.kind === 'copy') {
        this.buffers.add(c.src);
        this.buffers.add(c.dst);
      }
      else this.buffers.add(c.buffer);
    }
    rt.pool.pin(this.buffers);
  }

  /** Submits one step. Queued reads (enqueueRead) ride along in the same submit. */
  replay(): void {
    if (this.disposed) throw new Error('This step plan was disposed.');
    this.rt.submitPlan(this.commands);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.rt.pool.unpin(this.buffers);
  }
}

export type ProfileKey = 'family' | 'dispatch';

/** Timestamp queries around each dispatch, summed per kernel family (or kept per dispatch). */
class Profiler {
  private querySet: GPUQuerySet;
  private capacity = 2048;
  private used = 0;
  private families: string[] = [];
  private totalsMs = new Map<string, number>();
  private resolveBuf: GPUBuffer;
  private inflight: Promise<void>[] = [];
  /** How often each dispatch name was seen ('dispatch' keys): the second one is "#2". */
  private seen = new Map<string, number>();

  constructor(private readonly device: GPUDevice, private readonly by: ProfileKey) {
    this.querySet = device.createQuerySet({ type: 'timestamp', count: this.capacity * 2 });
    this.resolveBuf = device.createBuffer({ size: this.capacity * 16, usage: 0x200 /* QUERY_RESOLVE */ | USAGE.COPY_SRC });
  }

  next(c: Extract<Command, { kind: 'dispatch' }>): GPUComputePassTimestampWrites | undefined {
    if (this.used >= this.capacity) return undefined;
    const i = this.used++;
    this.families.push(this.keyOf(c));
    return { querySet: this.querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 };
  }

  private keyOf(c: Extract<Command, { kind: 'dispatch' }>): string {
    if (this.by === 'family') return c.family;
    const name = `${c.pipeline.label || c.family} [${c.groups.join('x')}]`;
    const n = (this.seen.get(name) ?? 0) + 1;
    this.seen.set(name, n);
    return n === 1 ? name : `${name} #${n}`;
  }

  private staging: GPUBuffer | null = null;
  private batchFamilies: string[] = [];

  resolve(encoder: GPUCommandEncoder): void {
    if (this.used === 0) return;
    encoder.resolveQuerySet(this.querySet, 0, this.used * 2, this.resolveBuf, 0);
    this.staging = this.device.createBuffer({ size: this.used * 16, usage: USAGE.MAP_READ | USAGE.COPY_DST });
    encoder.copyBufferToBuffer(this.resolveBuf, 0, this.staging, 0, this.used * 16);
    this.batchFamilies = this.families;
    this.families = [];
    this.used = 0;
  }

  collect(): void {
    const staging = this.staging;
    const families = this.batchFamilies;
    if (!staging) return;
    this.staging = null;
    this.inflight.push(
      staging.mapAsync(1).then(() => {
        const t = new BigUint64Array(staging.getMappedRange());
        families.forEach((f, i) => {
          const ns = Number(t[2 * i + 1] - t[2 * i]);
          this.totalsMs.set(f, (this.totalsMs.get(f) ?? 0) + ns / 1e6);
        });
        staging.unmap();
        staging.destroy();
      }),
    );
  }

  async totals(): Promise<Map<string, number>> {
    await Promise.all(this.inflight);
    this.querySet.destroy();
    this.resolveBuf.destroy();
    return this.totalsMs;
  }
}
