// Kernel parameters by name. A kernel declares its per-dispatch constants once, in WGSL, as
// a struct whose name ends in `Params` bound as `var<uniform>`:
//
//   struct Params { count: u32, alpha: f32 }
//   @group(0) @binding(2) var<uniform> params: Params;
//
// parseParamsLayout reads that struct when the pipeline is created (field names, types and
// byte offsets under WGSL's uniform layout rules) and packParams writes `{ count, alpha }`
// into those bytes. There is no second, positional declaration to keep in step with the
// shader: a wrong name, a missing field or a value of the wrong kind throws, naming the
// kernel and the field. Fields whose names start with `_` are explicit padding: they are
// zero-filled and must not be given.

export type ParamScalar = 'u32' | 'i32' | 'f32';

export interface ParamField {
  name: string;
  /** The WGSL type as written, e.g. `u32` or `array<vec4<u32>, 2>`. */
  type: string;
  scalar: ParamScalar;
  /** Byte offset in the struct. */
  offset: number;
  /** Word index (4 bytes) of each component, in order: one for a scalar, 8 for array<vec4<u32>, 2>. */
  words: number[];
  /** `_`-prefixed: zero-filled padding, not given by callers. */
  padding: boolean;
}

export interface ParamsLayout {
  /** The WGSL struct's name (`Params`, `ConvParams`, ...). */
  struct: string;
  /** The struct's size in bytes under WGSL's layout rules (SizeOf). */
  size: number;
  /** Bytes of the uniform buffer: the size rounded up to 16. */
  bufferSize: number;
  fields: ParamField[];
  /** The fields a caller gives (all but padding), in declaration order. */
  names: string[];
}

/** Values by field name: a number for a scalar, `words.length` numbers for a vector or array. */
export type ParamValues = Readonly<Record<string, number | readonly number[]>>;

interface TypeLayout {
  scalar: ParamScalar;
  align: number;
  size: number;
  /** Word offsets of the components relative to the value's start. */
  words: number[];
}

const roundUp = (align: number, n: number) => Math.ceil(n / align) * align;

/**
 * AlignOf / SizeOf of a WGSL type in the uniform address space (WGSL spec, "Memory Layout"):
 * scalars 4/4; vec2 8/8; vec3 16/12; vec4 16/16; array<E, N> aligns as E with a stride of
 * roundUp(AlignOf(E), SizeOf(E)), which uniform buffers require to be a multiple of 16.
 */
function typeLayout(type: string, where: () => string): TypeLayout {
  const t = type.replace(/\s+/g, '');
  if (t === 'u32' || t === 'i32' || t === 'f32') return { scalar: t, align: 4, size: 4, words: [0] };
  const vec = /^vec([234])(?:<(u32|i32|f32)>|([uif]))$/.exec(t);
  if (vec) {
    const n = Number(vec[1]);
    const scalar = (vec[2] ?? `${vec[3]}32`) as ParamScalar;
    return { scalar, align: n === 2 ? 8 : 16, size: 4 * n, words: Array.from({ length: n }, (_, i) => i) };
  }
  const arr = /^array<(.+),(\d+)u?>$/.exec(t);
  if (arr) {
    const elem = typeLayout(arr[1], where);
    const count = Number(arr[2]);
    const stride = roundUp(elem.align, elem.size);
    if (stride % 16 !== 0) {
      throw new Error(`${where()}: ${type} has an element stride of ${stride} bytes; a uniform array needs a multiple of 16 (use vec4 elements).`);
    }
    const words = Array.from({ length: count }, (_, i) => elem.words.map((w) => w + (i * stride) / 4)).flat();
    return { scalar: elem.scalar, align: elem.align, size: count * stride, words };
  }
  throw new Error(`${where()}: type ${type} is not supported in a kernel's parameters (u32, i32, f32, their vectors and arrays of them with a literal length).`);
}

/** The uniform layout of `struct <name> { <body> }`. */
export function structLayout(name: string, body: string, kernel: string): ParamsLayout {
  const fields: ParamField[] = [];
  let offset = 0;
  let align = 4;
  for (const decl of splitTopLevel(body)) {
    const m = /^(\w+)\s*:\s*(.+)$/s.exec(decl);
    if (!m) throw new Error(`Kernel "${kernel}": cannot read the member "${decl}" of struct ${name} (attributes such as @align are not supported).`);
    const [, field, type] = m;
    if (fields.some((f) => f.name === field)) throw new Error(`Kernel "${kernel}": struct ${name} declares ${field} twice.`);
    const t = typeLayout(type.trim(), () => `Kernel "${kernel}": ${name}.${field}`);
    offset = roundUp(t.align, offset);
    fields.push({ name: field, type: type.trim(), scalar: t.scalar, offset, words: t.words.map((w) => w + offset / 4), padding: field.startsWith('_') });
    offset += t.size;
    align = Math.max(align, t.align);
  }
  if (fields.length === 0) throw new Error(`Kernel "${kernel}": struct ${name} has no members.`);
  const size = roundUp(align, offset);
  const names = fields.filter((f) => !f.padding).map((f) => f.name);
  return { struct: name, size, bufferSize: roundUp(16, size), fields, names };
}

/** Splits a struct body at commas outside `<...>`. */
function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '<') depth++;
    else if (ch === '>') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

const stripComments = (code: string) => code.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, '');

/**
 * The parameter layout of a kernel's full WGSL source (after any prepending and splicing):
 * the struct behind its one `var<uniform>` whose type name ends in `Params`, or null when
 * it has none. Other uniforms (per-step UniformBlocks such as the optimizer's `Hyper` or a
 * `dyn` word array) are not parameters. Throws when the struct is missing, duplicated or
 * uses a type the packer does not know.
 */
export function parseParamsLayout(code: string, kernel: string): ParamsLayout | null {
  const src = stripComments(code);
  const bound = [...src.matchAll(/var<uniform>\s*(\w+)\s*:\s*(\w+)\s*;/g)].filter((m) => m[2].endsWith('Params'));
  if (bound.length === 0) return null;
  if (bound.length > 1) {
    throw new Error(`Kernel "${kernel}" binds ${bound.length} parameter structs (${bound.map((m) => `${m[1]}: ${m[2]}`).join(', ')}); one is packed per dispatch.`);
  }
  const name = bound[0][2];
  const decls = [...src.matchAll(new RegExp(`\\bstruct\\s+${name}\\s*\\{([^}]*)\\}`, 'g'))];
  if (decls.length !== 1) {
    throw new Error(`Kernel "${kernel}" binds var<uniform> ${bound[0][1]}: ${name} but declares struct ${name} ${decls.length} times.`);
  }
  return structLayout(name, decls[0][1], kernel);
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `"${v}" (a string)`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return String(v);
}

/** Why `v` is not a valid `scalar`, or null when it is. */
function badValue(scalar: ParamScalar, v: unknown): string | null {
  if (typeof v !== 'number') return `must be a number; got ${describe(v)}`;
  if (scalar === 'f32') return Number.isNaN(v) ? 'is NaN' : null;
  if (!Number.isInteger(v)) return `must be an integer (${scalar}); got ${v}`;
  if (scalar === 'u32' && (v < 0 || v > 0xffffffff)) return `must be a u32 (0 to 4294967295); got ${v}`;
  if (scalar === 'i32' && (v < -0x80000000 || v > 0x7fffffff)) return `must be an i32 (-2147483648 to 2147483647); got ${v}`;
  return null;
}

/**
 * The uniform buffer's bytes for `values`, as words (`layout.bufferSize / 4` of them).
 * Throws, naming `kernel` and the field, on an unknown or padding name, a missing field,
 * a wrong number of components, or a value that is not a valid u32 / i32 / f32.
 */
export function packParams(layout: ParamsLayout, values: ParamValues, kernel: string): Uint32Array {
  const where = () => `Kernel "${kernel}": ${layout.struct}`;
  const fields = () => `(the struct's fields: ${layout.names.join(', ')})`;
  const unknown = () => {
    const extra = Object.keys(values).filter((k) => !layout.names.includes(k));
    if (extra.length === 0) return '';
    const padding = extra.some((k) => layout.fields.some((f) => f.name === k));
    return `has no field ${extra.map((k) => `"${k}"`).join(', ')}${padding ? ' to set (padding is zero-filled)' : ''}`;
  };
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new Error(`${where()} parameters must be an object of named fields ${fields()}; got ${describe(values)}.`);
  }
  const data = new ArrayBuffer(layout.bufferSize);
  const u32 = new Uint32Array(data);
  const i32 = new Int32Array(data);
  const f32 = new Float32Array(data);
  for (const f of layout.fields) {
    if (f.padding) continue;
    const v = Object.hasOwn(values, f.name) ? values[f.name] : undefined;
    if (v === undefined) {
      const also = unknown();
      throw new Error(`${where()}.${f.name} is missing${also ? ` and ${layout.struct} ${also}` : ''} ${fields()}.`);
    }
    const n = f.words.length;
    if (n === 1 ? typeof v === 'object' : !Array.isArray(v) || v.length !== n) {
      throw new Error(`${where()}.${f.name} (${f.type}) must be ${n === 1 ? 'a number' : `${n} numbers`}; got ${describe(v)}.`);
    }
    for (let k = 0; k < n; k++) {
      const c: unknown = n === 1 ? v : (v as readonly number[])[k];
      const bad = badValue(f.scalar, c);
      if (bad) throw new Error(`${where()}.${f.name}${n > 1 ? `[${k}]` : ''} ${bad}.`);
      const w = f.words[k];
      if (f.scalar === 'f32') f32[w] = c as number;
      else if (f.scalar === 'i32') i32[w] = c as number;
      else u32[w] = c as number;
    }
  }
  // Every field was given, so any other key is one too many.
  if (Object.keys(values).length !== layout.names.length) throw new Error(`${where()} ${unknown()} ${fields()}.`);
  return u32;
}
