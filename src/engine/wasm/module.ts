// The wasm kernels module (assembly/, embedded by scripts/build-wasm.ts) and the memory it
// works in. Tensors stay in the CPU core's typed arrays: a kernel call copies its operands
// into this memory, runs, and copies the result out (O(MN + MK + KN) copies for O(MNK)
// work). Each call lays its buffers out afresh from the bottom of the heap, so memory
// grows to the largest call and is reused after that.
import { WASM_KERNELS_BASE64 } from './kernels.gen';

export interface WasmKernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  gemmScratchFloats(): number;
  gemm(M: number, N: number, K: number, a: number, transA: number, b: number, transB: number, c: number, accumulate: number, bias: number, scratch: number): void;
  im2col(x: number, cols: number, geometry: number): void;
  col2im(dcols: number, dx: number, geometry: number): void;
  maxPool(x: number, y: number, argmax: number, geometry: number): void;
  maxPoolGrad(dy: number, argmax: number, dx: number, n: number): void;
  avgPool(x: number, y: number, geometry: number, grad: number): void;
  reluForward(leaky: number, n: number, x: number, y: number, alpha: number): void;
  reluGrad(leaky: number, n: number, x: number, dy: number, dx: number, alpha: number): void;
  optimizerStep(rule: number, n: number, p: number, g: number, s0: number, s1: number, h: number): void;
}

let compiled: WebAssembly.Module | null = null;

/** Compiled once per thread; synchronous (about 5.6 KB of wasm: far under any main-thread limit). */
function kernelsModule(): WebAssembly.Module {
  if (!compiled) {
    const bin = atob(WASM_KERNELS_BASE64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    try {
      compiled = new WebAssembly.Module(bytes);
    } catch (e) {
      // Browsers from before 2021-2023 (Safari < 16.4) have WebAssembly without 128-bit SIMD.
      throw new Error(`This browser cannot compile the wasm backend's WebAssembly SIMD kernels (${(e as Error).message}); choose the CPU backend "cpu" (the TypeScript reference) instead.`, { cause: e });
    }
  }
  return compiled;
}

const PAGE = 65536;
/** Buffers start 16-byte aligned (f32x4 loads) and never at address 0 (0 means "no bias"). */
const ALIGN = 16;

export class WasmArena {
  readonly k: WasmKernelExports;
  private readonly base: number;
  private top: number;

  /** `k`: the kernels to work with (default: a fresh single-thread instance; threads.ts passes its own). */
  constructor(k?: WasmKernelExports) {
    this.k = k ?? (new WebAssembly.Instance(kernelsModule(), {}).exports as unknown as WasmKernelExports);
    this.base = Math.max(ALIGN, Math.ceil(this.k.heapBase() / ALIGN) * ALIGN);
    this.top = this.base;
  }

  /** Starts a kernel call's layout over: nothing in this memory outlives a call. */
  begin(): void {
    this.top = this.base;
  }

  /** Room for n f32 (or i32) values; returns its byte address. Grows the memory as needed. */
  alloc(n: number): number {
    const at = this.top;
    this.top = at + Math.ceil((n * 4) / ALIGN) * ALIGN;
    const have = this.k.memory.buffer.byteLength;
    if (this.top > have) this.k.memory.grow(Math.ceil((this.top - have) / PAGE));
    return at;
  }

  /**
   * A view of n floats at `at`. NOTE: growing the memory detaches earlier views: take views
   * after the call's last alloc.
   */
  f32(at: number, n: number): Float32Array {
    return new Float32Array(this.k.memory.buffer, at, n);
  }

  /** Allocates and fills: an operand copied in. */
  put(data: ArrayLike<number>): number {
    const at = this.alloc(data.length);
    this.f32(at, data.length).set(data);
    return at;
  }

  /** Allocates and fills an i32 block (kernel parameters). */
  putI32(values: number[]): number {
    const at = this.alloc(values.length);
    new Int32Array(this.k.memory.buffer, at, values.length).set(values);
    return at;
  }

  /** Where the next alloc goes; release(mark()) frees what was allocated after it (threads.ts's per-call extras). */
  mark(): number {
    return this.top;
  }

  release(at: number): void {
    this.top = at;
  }

  /** The scratch `gemm` needs. */
  gemmScratch(): number {
    return this.alloc(this.k.gemmScratchFloats());
  }
}
