// The contract between the autograd ops (src/engine/ops) and the two backends
// (src/engine/cpu: the TypeScript reference; src/engine/webgpu: our WGSL kernels).
//
// Kernels are grouped in families; each family's signatures live in its own file under
// src/engine/kernels/, next to nothing else, so both backends implement exactly the same
// thing. Kernels never record autograd: ops do that.
import type { Shape } from './shape';
import type { DType, Tensor } from './tensor';
import type { MatmulKernels } from './kernels/matmul';
import type { PointwiseKernels } from './kernels/pointwise';
import type { ConvKernels } from './kernels/conv';
import type { NormKernels } from './kernels/norm';
import type { OptimKernels } from './kernels/optim';
import type { AugmentKernels } from './kernels/augment';
import type { GuardKernels } from './kernels/guard';

export type BackendKind = 'cpu' | 'webgpu';

export interface MemoryStats {
  /** Tensors whose storage is still allocated (views excluded). */
  liveTensors: number;
  /** Distinct storages (GPU buffers or typed arrays) in use. */
  liveBuffers: number;
  liveBytes: number;
  /** Buffers parked in the pool for reuse. */
  pooledBuffers: number;
  pooledBytes: number;
  /** Buffers no tensor owns any more that a compiled step still uses (its intermediates). */
  pinnedBuffers: number;
  pinnedBytes: number;
  /** Small uniform buffers of kernel parameters (cached by content). */
  uniformBuffers: number;
}

export interface Counters {
  dispatches: number;
  submits: number;
  readbacks: number;
}

/**
 * A small block of 32-bit values that may change between steps without re-tracing a
 * compiled step: learning rate, step counter, batch offset, random stream. On the GPU it is
 * a uniform buffer bound by the kernels that read it; on the CPU the kernels read the
 * array at call time.
 */
export interface UniformBlock {
  readonly words: number;
  readonly u32: Uint32Array;
  readonly f32: Float32Array;
  /** Push the current values to the device (a queue write, never a submit). */
  sync(): void;
}

/** A u32 slot of a UniformBlock read by a kernel at run time, or a plain constant. */
export type DynamicU32 = number | { block: UniformBlock; index: number };

export function dynamicValue(d: DynamicU32): number {
  return typeof d === 'number' ? d : d.block.u32[d.index];
}

/** What a compiled step reads back after itself (the trainer's metric accumulators). */
export type StepRead = Promise<Float32Array | Float64Array | Uint32Array>;

/**
 * A training step compiled by `Backend.compile`. Call it once per step; `read` names a
 * tensor to read back after the step without an extra submit or a stall (on the GPU the
 * copy rides along in the step's own submit; the promise resolves once the GPU is done).
 */
export interface CompiledStep {
  (read?: Tensor): StepRead | null;
  /**
   * GPU milliseconds of every dispatch of the step, by kernel (timestamp queries; this runs
   * the step once more). Null where kernels cannot be timed: the CPU, adapters without
   * timestamp queries, or before the first call.
   */
  kernelTimes(): Promise<Record<string, number> | null>;
  /**
   * Times every dispatch of the next call of the step (a training step like any other: the
   * same results), by kernel as kernelTimes names them; null where kernels cannot be timed.
   * What a live trainer samples every few hundred steps (src/train/kernel-sampler.ts).
   */
  timeNextRun(): Promise<Record<string, number> | null>;
  /** Frees what the compiled form holds (on the GPU: unpins the step's buffers). */
  dispose(): void;
}

export interface CoreBackend {
  readonly kind: BackendKind;
  /** 'f64' only for the CPU backend used as the finite-difference oracle. */
  readonly precision: 'f32' | 'f64';

  upload(data: ArrayLike<number>, shape: Shape, dtype?: DType): Tensor;
  zeros(shape: Shape, dtype?: DType): Tensor;
  fill(shape: Shape, value: number): Tensor;
  read(t: Tensor): Promise<Float32Array | Float64Array | Uint32Array>;
  /**
   * Reads without forcing a submit: on the GPU the copy rides along with the next submit
   * (a training step's) and the promise resolves after it; on the CPU it reads now.
   */
  readLater(t: Tensor): Promise<Float32Array | Float64Array | Uint32Array>;
  /** A tensor sharing storage with `t`, starting `offset` elements in. */
  view(t: Tensor, offset: number, shape: Shape): Tensor;
  /** Overwrites a tensor's values from the CPU (a queue write on the GPU; not for hot loops). */
  write(t: Tensor, data: ArrayLike<number>): void;
  /** Sets every element to 0, ordered with kernels (a clear command on the GPU). */
  zero(t: Tensor): void;
  /** Copies src into dst (same element count); ordered with kernels. */
  copy(src: Tensor, dst: Tensor): void;
  /** Frees a tensor's storage (called by Tensor.dispose). */
  release(t: Tensor): void;
  createUniforms(words: number): UniformBlock;
  /**
   * Allocates one storage holding `shapes` back to back, each slot aligned for binding,
   * and returns the whole flat tensor plus one view per shape (flat parameter buffers).
   */
  allocFlat(shapes: Shape[], dtype?: DType): { flat: Tensor; views: Tensor[]; offsets: number[] };

  /**
   * Compiles a training step. `body` queues the step's ops; its shapes must be the same
   * every step, and what changes between steps must live in UniformBlocks. WebGPU traces
   * `body` into a step plan on the first call (and runs it) and replays the plan on every
   * later call: one submit, no op dispatch in JavaScript, no bind-group creation. The CPU
   * runs `body` eagerly on every call. Calling `body` directly always runs it eagerly.
   */
  compile(body: () => void): CompiledStep;
  /**
   * GPU milliseconds per kernel family for the work `fn` queues (timestamp queries), or
   * null where the backend cannot time kernels (the CPU, adapters without them).
   */
  profile(fn: () => void): Promise<Map<string, number> | null>;

  memory(): MemoryStats;
  counters(): Counters;
  /**
   * The first GPU error (validation, out of memory, internal, device lost) as a sentence,
   * or null. After one, results read back are not to be trusted (the CPU never has one).
   */
  gpuFault(): string | null;
  /** Submits recorded work (no-op on the CPU). */
  flush(): void;
  /** Waits until all submitted work finished. */
  sync(): Promise<void>;
  dispose(): void;
}

export interface Backend extends CoreBackend, MatmulKernels, PointwiseKernels, ConvKernels, NormKernels, OptimKernels, AugmentKernels, GuardKernels {}
