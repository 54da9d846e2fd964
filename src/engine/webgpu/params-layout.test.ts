import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packParams, parseParamsLayout, structLayout, type ParamsLayout } from './params-layout';

const SHADERS = new URL('../../../shaders/', import.meta.url);
const shaderFiles = readdirSync(SHADERS).filter((f) => f.endsWith('.wgsl')).sort();
const read = (f: string) => readFileSync(new URL(f, SHADERS), 'utf8');

/** The shared struct files (conv-params.wgsl, ...) prepended to a kernel that names their struct. */
const includes = shaderFiles.filter((f) => f.endsWith('-params.wgsl'));
function withIncludes(file: string): string {
  const code = read(file);
  const used = includes.filter((inc) => inc !== file && [...read(inc).matchAll(/struct\s+(\w+)/g)].some((m) => new RegExp(`:\\s*${m[1]}\\s*;`).test(code)));
  return [...used.map(read), code].join('\n');
}

const layoutOf = (body: string) => structLayout('Params', body, 'test kernel');
const offsets = (l: ParamsLayout) => Object.fromEntries(l.fields.map((f) => [f.name, f.offset]));

describe('every shader parameter struct', () => {
  const kernels = shaderFiles.filter((f) => /var<uniform>\s*\w+\s*:\s*\w*Params\s*;/.test(read(f)));

  it('finds the kernels that take parameters', () => {
    // 51 of the 61 files today: the rest are prepended pieces (random, workgroup-reduce, the
    // GEMM loaders and stores, the shared *-params structs, conv-gemm.wgsl's core).
    expect(kernels.length).toBeGreaterThanOrEqual(51);
    expect(kernels).toContain('conv2d.wgsl');
    expect(kernels).toContain('binary.wgsl');
  });

  it.each(kernels)('%s: lays out under WGSL uniform rules, fields in declaration order, without overlap', (file) => {
    const layout = parseParamsLayout(withIncludes(file), file)!;
    expect(layout).not.toBeNull();
    let end = 0;
    for (const f of layout.fields) {
      expect(f.offset).toBeGreaterThanOrEqual(end);
      expect(f.offset % 4).toBe(0);
      expect(f.words[0]).toBe(f.offset / 4);
      end = f.offset + 4 * (f.words[f.words.length - 1] - f.words[0] + 1);
    }
    expect(layout.size).toBeGreaterThanOrEqual(end);
    expect(layout.bufferSize % 16).toBe(0);
  });

  it('every uniform is a ...Params struct or a per-step block written elsewhere (Hyper, dyn)', () => {
    for (const file of shaderFiles) {
      for (const m of read(file).matchAll(/var<uniform>\s*(\w+)\s*:\s*([^;]+);/g)) {
        const [, name, type] = m;
        const perStep = (name === 'h' && type === 'Hyper') || (name === 'dyn' && type.replace(/\s/g, '') === 'array<vec4<u32>,DYN_VEC4S>');
        expect(type.trim().endsWith('Params') || perStep, `${file}: var<uniform> ${name}: ${type}`).toBe(true);
      }
    }
  });

  it('matches hand-computed offsets for the structs with vectors, padding and shared includes', () => {
    const binary = parseParamsLayout(read('binary.wgsl'), 'binary')!;
    expect(offsets(binary)).toEqual({ count: 0, rank: 4, inner: 8, _pad: 12, shape: 16, aStrides: 48, bStrides: 80 });
    expect([binary.size, binary.bufferSize]).toEqual([112, 112]);
    expect(binary.fields.find((f) => f.name === 'shape')!.words).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    const where = parseParamsLayout(read('where.wgsl'), 'where')!;
    expect([where.size, offsets(where).bStrides]).toEqual([144, 112]);
    const conv = parseParamsLayout(withIncludes('conv2d.wgsl'), 'conv2d')!;
    expect(conv.struct).toBe('ConvParams');
    expect([conv.size, offsets(conv).alpha, conv.fields.find((f) => f.name === 'alpha')!.scalar]).toEqual([80, 76, 'f32']);
    const dw = parseParamsLayout(withIncludes('depthwise.wgsl'), 'depthwise')!;
    expect([dw.size, dw.bufferSize, offsets(dw).splits]).toEqual([76, 80, 72]);
    const pool = parseParamsLayout(withIncludes('pool-max.wgsl'), 'pool')!;
    expect([pool.size, pool.bufferSize]).toEqual([52, 64]);
    // A comment inside the struct (gemm.wgsl) is not a field.
    const gemm = parseParamsLayout(read('gemm.wgsl'), 'gemm')!;
    expect(gemm.fields.map((f) => f.name)).toEqual(['M', 'N', 'K', 'batch', 'strideA', 'strideB', 'strideC', 'alpha', 'kChunk', 'splits']);
    // The optimizer's Hyper block is a UniformBlock, not its parameters.
    expect(parseParamsLayout(read('optim.wgsl'), 'optim')!.fields.map((f) => f.name)).toEqual(['count']);
  });
});

describe('WGSL uniform layout rules', () => {
  it('aligns vec2 to 8, vec3 and vec4 to 16; a scalar may follow a vec3 in its last lane', () => {
    const l = layoutOf('a: u32, b: vec2<f32>, c: u32, d: vec3<f32>, e: f32, f: vec4u, g: i32');
    expect(offsets(l)).toEqual({ a: 0, b: 8, c: 16, d: 32, e: 44, f: 48, g: 64 });
    expect(l.size).toBe(80); // rounded to the struct's alignment, 16
    expect(l.fields.find((f) => f.name === 'f')!.scalar).toBe('u32');
  });

  it('rounds the struct size to its largest alignment and the buffer to 16 bytes', () => {
    expect([layoutOf('a: vec2<f32>, b: u32').size, layoutOf('a: vec2<f32>, b: u32').bufferSize]).toEqual([16, 16]);
    expect([layoutOf('a: u32, b: u32, c: u32').size, layoutOf('a: u32, b: u32, c: u32').bufferSize]).toEqual([12, 16]);
    expect(layoutOf('a: u32').bufferSize).toBe(16);
  });

  it('strides arrays of vec3 by 16 bytes and arrays of vec4 by 16', () => {
    const l = layoutOf('n: u32, v: array<vec3<f32>, 2>, w: array<vec4<i32>, 2u>');
    expect(offsets(l)).toEqual({ n: 0, v: 16, w: 48 });
    expect(l.fields[1].words).toEqual([4, 5, 6, 8, 9, 10]);
    expect(l.size).toBe(80);
  });

  it('rejects what a uniform buffer or the packer cannot hold, naming the kernel and field', () => {
    expect(() => layoutOf('n: u32, v: array<u32, 4>')).toThrow(/test kernel.*Params\.v.*stride of 4 bytes.*multiple of 16/);
    expect(() => layoutOf('v: array<vec2<f32>, 2>')).toThrow(/stride of 8/);
    expect(() => layoutOf('m: mat4x4<f32>')).toThrow(/test kernel.*Params\.m.*not supported/);
    expect(() => layoutOf('b: bool')).toThrow(/Params\.b.*not supported/);
    expect(() => layoutOf('v: array<vec4<u32>, MAX_RANK>')).toThrow(/Params\.v.*not supported/);
    expect(() => layoutOf('@align(16) a: u32')).toThrow(/attributes/);
    expect(() => layoutOf('a: u32, a: f32')).toThrow(/declares a twice/);
    expect(() => layoutOf(' ')).toThrow(/no members/);
  });
});

describe('finding the parameter struct in a kernel source', () => {
  const bindings = '@group(0) @binding(0) var<storage, read_write> y: array<f32>;\n';
  it('is null for a kernel without one, and ignores per-step uniforms', () => {
    expect(parseParamsLayout(bindings, 'k')).toBeNull();
    expect(parseParamsLayout(`struct Hyper { lr: f32 }\n@group(0) @binding(1) var<uniform> h: Hyper;\n${bindings}`, 'k')).toBeNull();
  });

  it('takes the struct named by the binding, after comments are removed', () => {
    const code = `// struct Params { wrong: u32 }\nstruct Other { x: f32 }\nstruct Params { count: u32, /* a note */ scale: f32 }\n@group(0) @binding(2) var<uniform> p: Params;`;
    expect(parseParamsLayout(code, 'k')!.fields.map((f) => f.name)).toEqual(['count', 'scale']);
  });

  it('throws for an undeclared, twice-declared or second parameter struct', () => {
    expect(() => parseParamsLayout('@group(0) @binding(0) var<uniform> p: ConvParams;', 'conv2d relu')).toThrow(
      /Kernel "conv2d relu" binds var<uniform> p: ConvParams but declares struct ConvParams 0 times/,
    );
    const twice = 'struct Params { a: u32 }\nstruct Params { a: u32 }\nvar<uniform> p: Params;';
    expect(() => parseParamsLayout(twice, 'k')).toThrow(/2 times/);
    const two = 'struct Params { a: u32 }\nstruct PoolParams { b: u32 }\nvar<uniform> p: Params;\nvar<uniform> q: PoolParams;';
    expect(() => parseParamsLayout(two, 'k')).toThrow(/binds 2 parameter structs/);
  });
});

describe('packing by name', () => {
  const layout = layoutOf('count: u32, offset: i32, alpha: f32, _pad: u32, shape: array<vec4<u32>, 2>');
  const good = { count: 7, offset: -3, alpha: 0.25, shape: [1, 2, 3, 4, 5, 6, 7, 8] };

  it('writes each field at its offset: u32, i32 two-complement, f32 bits, arrays word by word, padding zero', () => {
    const words = packParams(layout, good, 'k');
    expect(words.length).toBe(12);
    expect(words[0]).toBe(7);
    expect(words[1]).toBe(0xfffffffd);
    expect(new Float32Array(words.buffer)[2]).toBe(0.25);
    expect(words[3]).toBe(0);
    expect(Array.from(words.slice(4))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('is independent of the order the fields are given in', () => {
    const reordered = { shape: good.shape, alpha: 0.25, offset: -3, count: 7 };
    expect(Array.from(packParams(layout, reordered, 'k'))).toEqual(Array.from(packParams(layout, good, 'k')));
  });

  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['a misspelt name', { count: 7, offset: 0, alhpa: 1, shape: good.shape }, /Kernel "conv2d relu": Params\.alpha is missing and Params has no field "alhpa" \(the struct's fields: count, offset, alpha, shape\)/],
    ['a name too many', { ...good, alhpa: 1 }, /Kernel "conv2d relu": Params has no field "alhpa" \(the struct's fields: count, offset, alpha, shape\)/],
    ['a missing field', { count: 7, offset: 0, shape: good.shape }, /Kernel "conv2d relu": Params\.alpha is missing \(/],
    ['an undefined value', { ...good, alpha: undefined }, /Params\.alpha is missing/],
    ['an extra field', { ...good, beta: 2 }, /has no field "beta"/],
    ['a padding field', { ...good, _pad: 0 }, /has no field "_pad" to set \(padding is zero-filled\)/],
    ['a fractional u32', { ...good, count: 2.5 }, /Params\.count must be an integer \(u32\); got 2\.5/],
    ['a negative u32', { ...good, count: -1 }, /Params\.count must be a u32 \(0 to 4294967295\); got -1/],
    ['a u32 past 2^32', { ...good, count: 2 ** 32 }, /Params\.count must be a u32/],
    ['an i32 out of range', { ...good, offset: 2 ** 31 }, /Params\.offset must be an i32/],
    ['a NaN f32', { ...good, alpha: NaN }, /Params\.alpha is NaN/],
    ['a string', { ...good, count: '7' }, /Params\.count must be a number; got "7" \(a string\)/],
    ['a boolean', { ...good, count: true }, /Params\.count must be a number; got true/],
    ['an array for a scalar', { ...good, count: [7] }, /Params\.count \(u32\) must be a number; got an array of 1/],
    ['a short array', { ...good, shape: [1, 2, 3] }, /Params\.shape \(array<vec4<u32>, 2>\) must be 8 numbers; got an array of 3/],
    ['a bad array element', { ...good, shape: [1, 2, 3, 4, 5, -6, 7, 8] }, /Params\.shape\[5\] must be a u32/],
    ['a number for an array', { ...good, shape: 8 }, /Params\.shape .* must be 8 numbers; got 8/],
  ];
  it.each(cases)('throws on %s, naming the kernel and the field', (_, values, message) => {
    expect(() => packParams(layout, values as never, 'conv2d relu')).toThrow(message);
  });

  it('throws on positional values', () => {
    expect(() => packParams(layout, [7, -3, 0.25] as never, 'k')).toThrow(/Kernel "k": Params parameters must be an object of named fields \(the struct.s fields: count, offset, alpha, shape\); got an array of 3/);
  });

  it('keeps f32 infinities (a deliberate "no limit") and rounds to f32', () => {
    const l = layoutOf('x: f32, y: f32');
    const f = new Float32Array(packParams(l, { x: Infinity, y: 0.1 }, 'k').buffer);
    expect([f[0], f[1]]).toEqual([Infinity, Math.fround(0.1)]);
  });
});
