// A Tensor is a shape, a dtype and a backend-owned storage (a GPU buffer range or a typed
// array). Tensors are always contiguous and row-major, so reshape is a free view.
import type { Backend } from './backend';
import { sizeOf, type Shape } from './shape';
import type { TapeNode } from './tape';

export type DType = 'f32' | 'u32';

let nextId = 1;

/** Every tensor created inside a `tidy` scope is disposed when the scope ends, unless kept. */
const scopes: Set<Tensor>[] = [];

export class Tensor {
  readonly id = nextId++;
  readonly size: number;
  requiresGrad = false;
  grad: Tensor | null = null;
  /** The tape node that produced this tensor (null for leaves). */
  creator: TapeNode | null = null;
  /** A readable name for error messages and profiles (e.g. "layer2.weight"). */
  name = '';
  private disposedFlag = false;
  /** Views share storage with a base tensor and never free it themselves. */
  readonly base: Tensor | null;

  constructor(
    readonly backend: Backend,
    readonly shape: Shape,
    readonly dtype: DType,
    readonly storage: unknown,
    base: Tensor | null = null,
  ) {
    this.size = sizeOf(shape);
    this.base = base;
    scopes[scopes.length - 1]?.add(this);
  }

  get rank(): number {
    return this.shape.length;
  }

  get disposed(): boolean {
    return this.disposedFlag;
  }

  /** Same storage, new shape (same element count). Not recorded for autograd: use ops/shape reshape. */
  reshape(shape: Shape): Tensor {
    if (sizeOf(shape) !== this.size) {
      throw new Error(`Cannot reshape [${this.shape.join(', ')}] to [${shape.join(', ')}]: sizes differ.`);
    }
    return this.backend.view(this, 0, shape);
  }

  /** Reads the values back (asynchronous on the GPU, counted as a readback). */
  read(): Promise<Float32Array | Float64Array | Uint32Array> {
    return this.backend.read(this);
  }

  async toArray(): Promise<number[]> {
    return Array.from(await this.read());
  }

  dispose(): void {
    if (this.disposedFlag) return;
    this.disposedFlag = true;
    if (!this.base) this.backend.release(this);
    for (const s of scopes) s.delete(this);
  }

  toString(): string {
    return `Tensor(${this.name || this.id}, [${this.shape.join(', ')}], ${this.dtype}, ${this.backend.kind})`;
  }
}

/**
 * Runs fn and disposes every tensor created inside it except those returned (a tensor, an
 * array or an object of tensors) or passed to `keep`. Keeps long loops memory-flat.
 */
export function tidy<T>(fn: () => T): T {
  const scope = new Set<Tensor>();
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } finally {
    scopes.pop();
  }
  const kept = new Set<Tensor>();
  collectTensors(result, kept);
  const parent = scopes[scopes.length - 1];
  for (const t of scope) {
    if (kept.has(t)) parent?.add(t);
    else t.dispose();
  }
  return result;
}

/** Removes tensors from every enclosing tidy scope so they outlive it. */
export function keep<T extends Tensor | Tensor[]>(t: T): T {
  const list = Array.isArray(t) ? t : [t];
  for (const x of list) for (const s of scopes) s.delete(x);
  return t;
}

function collectTensors(value: unknown, out: Set<Tensor>, depth = 0): void {
  if (depth > 4 || value == null) return;
  if (value instanceof Tensor) {
    out.add(value);
    if (value.base) out.add(value.base);
  } else if (Array.isArray(value)) for (const v of value) collectTensors(v, out, depth + 1);
  else if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    for (const v of Object.values(value as object)) collectTensors(v, out, depth + 1);
}
