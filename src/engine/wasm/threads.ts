// Threads for the wasm backend's GEMM: where SharedArrayBuffer is there (a cross-origin
// isolated page, or Node), the kernels run over one shared WebAssembly.Memory
// (kernels-shared.gen.ts, the same sources built with --sharedMemory) and a large GEMM's
// output is split by rows, whole MC blocks, across the calling thread and N-1 workers
// (gemm-thread.ts). Each thread runs the single-thread kernel on its rows: every output
// element is summed by the same code in the same order (k = 0..K-1, the same KC blocks)
// whatever the split, so the results are the same bits for any thread count. A transposed
// op(a) is transposed into the memory first (the same values in the packed panels, so the
// same bits) because a row block of op(a) is then contiguous. Convolutions get threads
// through the same entry (conv.ts calls arena.k.gemm).
import { WASM_SHARED_KERNELS_BASE64 } from './kernels-shared.gen';
import { WasmArena, type WasmKernelExports } from './module';
import { gemmThreadMain } from './gemm-thread';

/** At most this many threads (the calling one included). */
export const MAX_THREADS = 4;
/** Below this many multiply-adds a GEMM stays on the calling thread (waking workers costs ~10-50 µs). */
export const THREAD_MIN_MACS = 64 * 64 * 64;
/** assembly/gemm.ts's MC: the row blocks handed out are whole op(a) blocks. */
const MC = 64;
/** wasm32's whole range in pages: a shared memory must declare a maximum (it reserves address space only). */
const MAX_PAGES = 65536;

const isNode = () => !!(globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;

/** Whether this context can share memory with workers: SharedArrayBuffer and cross-origin isolation (or Node). */
export function threadsAvailable(): boolean {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') return false;
  if (!isNode() && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== true) return false;
  try {
    return new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

/** min(cores, MAX_THREADS) where threads are available, else 1. */
export async function defaultThreads(): Promise<number> {
  if (!threadsAvailable()) return 1;
  let cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 0;
  if (!cores && isNode()) {
    const os = 'node:os';
    cores = ((await import(/* @vite-ignore */ os)) as typeof import('node:os')).cpus().length;
  }
  return Math.max(1, Math.min(cores || 1, MAX_THREADS));
}

function sharedModule(): WebAssembly.Module {
  const bin = atob(WASM_SHARED_KERNELS_BASE64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new WebAssembly.Module(bytes);
}

interface ThreadHandle {
  terminate(): void;
}

/** The workers and the control block (layout in gemm-thread.ts). */
export class GemmPool {
  /** Threads a large GEMM uses, the calling one included. */
  readonly threads: number;
  readonly memory: WebAssembly.Memory;
  readonly module: WebAssembly.Module;
  readonly ctl = new Int32Array(new SharedArrayBuffer(4 * (16 + 4 * MAX_THREADS)));
  private workers: ThreadHandle[] = [];
  private allReady = false;
  /** Atomics.wait may not block a page's main thread: there the caller spins. */
  private readonly canBlock: boolean;

  private constructor(threads: number) {
    this.threads = threads;
    this.module = sharedModule();
    this.memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
    let canBlock = true;
    try {
      Atomics.wait(this.ctl, 1, 1, 0); // 'not-equal' at once where blocking is allowed; throws where not
    } catch {
      canBlock = false;
    }
    this.canBlock = canBlock;
  }

  /** Starts threads-1 workers and waits (up to 10 s) until each has its instance; without them the pool runs on one thread. */
  static async create(threads: number): Promise<GemmPool> {
    const pool = new GemmPool(Math.max(1, Math.min(threads, MAX_THREADS)));
    for (let id = 1; id < pool.threads; id++) pool.workers.push(await pool.spawn(id));
    const until = Date.now() + 10_000;
    while (!pool.ready() && Date.now() < until) await new Promise((r) => setTimeout(r, 2));
    return pool;
  }

  private async spawn(id: number): Promise<ThreadHandle> {
    const data = { module: this.module, memory: this.memory, ctl: this.ctl, id };
    if (isNode()) {
      const spec = 'node:worker_threads';
      const { Worker } = (await import(/* @vite-ignore */ spec)) as typeof import('node:worker_threads');
      const source = `const { workerData: d } = require('node:worker_threads');\n(${gemmThreadMain.toString()})(d.module, d.memory, d.ctl, d.id);`;
      const w = new Worker(source, { eval: true, workerData: data });
      w.unref(); // a pool nobody disposed does not keep the process alive
      return { terminate: () => void w.terminate() };
    }
    const w = new Worker(new URL('./gemm-thread.worker.ts', import.meta.url), { type: 'module' });
    w.postMessage(data);
    return w;
  }

  /** Whether every worker has its instance (until then a GEMM runs on the calling thread). */
  ready(): boolean {
    if (!this.allReady) {
      let all = true;
      for (let id = 1; id < this.threads; id++) all &&= Atomics.load(this.ctl, 16 + 4 * id + 3) === 1;
      this.allReady = all;
    }
    return this.allReady;
  }

  /** GEMMs handed to the workers so far. */
  jobs(): number {
    return Atomics.load(this.ctl, 0);
  }

  /** The kernels over the shared memory, with `gemm` split across the pool. */
  kernels(): { k: WasmKernelExports; arena: WasmArena } {
    const own = new WebAssembly.Instance(this.module, { env: { memory: this.memory } }).exports as unknown as WasmKernelExports;
    const k: WasmKernelExports = { ...own, memory: this.memory, gemm: (...args) => this.gemm(own, arena, ...args) };
    const arena = new WasmArena(k);
    return { k, arena };
  }

  private gemm(own: WasmKernelExports, arena: WasmArena, M: number, N: number, K: number, a: number, transA: number, b: number, transB: number, c: number, accumulate: number, bias: number, scratch: number): void {
    const blocks = Math.ceil(M / MC);
    const parts = Math.min(this.threads, blocks);
    if (parts < 2 || K === 0 || M * N * K < THREAD_MIN_MACS || !this.ready()) {
      own.gemm(M, N, K, a, transA, b, transB, c, accumulate, bias, scratch);
      return;
    }
    const mark = arena.mark();
    try {
      let rowsA = a;
      if (transA) {
        rowsA = arena.alloc(M * K);
        transpose(new Float32Array(this.memory.buffer, a, K * M), new Float32Array(this.memory.buffer, rowsA, M * K), K, M);
      }
      const ctl = this.ctl;
      ctl.set([M, N, K, rowsA, b, transB ? 1 : 0, c, accumulate ? 1 : 0, bias], 3);
      const range = (t: number) => [Math.floor((t * blocks) / parts) * MC, Math.min(M, Math.floor(((t + 1) * blocks) / parts) * MC)];
      for (let t = 1; t < this.threads; t++) {
        const [r0, r1] = t < parts ? range(t) : [0, 0];
        ctl.set([r0, r1 - r0, r1 > r0 ? arena.gemmScratch() : 0], 16 + 4 * t);
      }
      Atomics.store(ctl, 1, 0);
      Atomics.add(ctl, 0, 1);
      Atomics.notify(ctl, 0);
      const [r0, r1] = range(0);
      own.gemm(r1 - r0, N, K, rowsA, 0, b, transB, c, accumulate, bias, scratch);
      const workers = this.threads - 1;
      for (let done = Atomics.load(ctl, 1); done < workers; done = Atomics.load(ctl, 1)) {
        if (this.canBlock) Atomics.wait(ctl, 1, done);
      }
    } finally {
      arena.release(mark);
    }
  }

  dispose(): void {
    Atomics.store(this.ctl, 2, 1);
    Atomics.add(this.ctl, 0, 1);
    Atomics.notify(this.ctl, 0);
    for (const w of this.workers) w.terminate();
    this.workers = [];
  }
}

/** dst [cols, rows] = srcᵀ, src [rows, cols], in 32×32 tiles. */
function transpose(src: Float32Array, dst: Float32Array, rows: number, cols: number): void {
  const T = 32;
  for (let i0 = 0; i0 < rows; i0 += T) {
    const i1 = Math.min(rows, i0 + T);
    for (let j0 = 0; j0 < cols; j0 += T) {
      const j1 = Math.min(cols, j0 + T);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) dst[j * rows + i] = src[i * cols + j];
    }
  }
}
