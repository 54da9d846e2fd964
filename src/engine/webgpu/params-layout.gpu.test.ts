// The packer's byte offsets against the WGSL compiler's: for every shader's parameter
// struct (and a few built to exercise vec2 / vec3 / array alignment), a generated kernel
// copies each field's bits to a storage buffer; they must be the values packed by name.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gpuBackend } from './test-backend';
import { parseParamsLayout, type ParamField, type ParamsLayout, type ParamValues } from './params-layout';

const SHADERS = new URL('../../../shaders/', import.meta.url);
const files = readdirSync(SHADERS).filter((f) => f.endsWith('.wgsl')).sort();
const read = (f: string) => readFileSync(new URL(f, SHADERS), 'utf8');
const structFiles = files.filter((f) => f.endsWith('-params.wgsl')).map(read);

/** Each distinct parameter struct of the shaders, by its declaration (shared ones once). */
function shaderStructs(): Map<string, ParamsLayout> {
  const out = new Map<string, ParamsLayout>();
  for (const f of files) {
    const code = read(f);
    if (!/var<uniform>\s*\w+\s*:\s*\w*Params\s*;/.test(code)) continue;
    const layout = parseParamsLayout([...structFiles, code].join('\n'), f)!;
    out.set(declaration(layout), layout);
  }
  return out;
}

const declaration = (l: ParamsLayout) => `struct ${l.struct} { ${l.fields.map((f) => `${f.name}: ${f.type}`).join(', ')} }`;

/** Elements of an array field, or 1. */
const elements = (f: ParamField) => Number(/,\s*(\d+)u?\s*>$/.exec(f.type)?.[1] ?? 1);

/** WGSL that writes the bits of every component of every field, in order, to `out`. */
function echoKernel(l: ParamsLayout): string {
  const lines: string[] = [];
  let k = 0;
  for (const f of l.fields) {
    const n = elements(f);
    const per = f.words.length / n;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < per; j++) {
        const access = `p.${f.name}${f.type.startsWith('array') ? `[${i}]` : ''}${per > 1 ? `[${j}]` : ''}`;
        lines.push(`  out[${k++}] = bitcast<u32>(${access});`);
      }
    }
  }
  return `${declaration(l)}
@group(0) @binding(0) var<uniform> p: ${l.struct};
@group(0) @binding(1) var<storage, read_write> out: array<u32>;
@compute @workgroup_size(1)
fn main() {
${lines.join('\n')}
}`;
}

/** Distinct values per component: u32 counts up, i32 down from -1, f32 in halves. */
function sampleValues(l: ParamsLayout): ParamValues {
  let c = 0;
  const value = (f: ParamField) => (c++, f.scalar === 'u32' ? 1000 + 7 * c : f.scalar === 'i32' ? -c : c + 0.5);
  const values: Record<string, number | number[]> = {};
  for (const f of l.fields) {
    if (f.padding) continue;
    values[f.name] = f.words.length === 1 ? value(f) : f.words.map(() => value(f));
  }
  return values;
}

const SYNTHETIC = [
  'struct MixedParams { a: u32, b: vec2<f32>, c: u32, d: vec3<f32>, e: f32, f: vec4u, g: i32 }',
  'struct ArrayParams { n: u32, v: array<vec3<f32>, 2>, tail: f32, w: array<vec4<i32>, 2u>, last: u32 }',
  'struct PairParams { a: vec2<u32>, b: u32, c: vec2i, d: f32 }',
];

describe('parameter layouts agree with the WGSL compiler', () => {
  const structs = shaderStructs();
  for (const decl of SYNTHETIC) {
    const layout = parseParamsLayout(`${decl}\nvar<uniform> p: ${/struct (\w+)/.exec(decl)![1]};`, 'synthetic')!;
    structs.set(declaration(layout), layout);
  }

  it(`reads back every field of ${structs.size} structs at the packed offsets`, async () => {
    const b = await gpuBackend();
    for (const layout of structs.values()) {
      const pipe = b.rt.pipeline({ code: echoKernel(layout), label: `echo ${layout.struct}` });
      const words = layout.fields.reduce((n, f) => n + f.words.length, 0);
      const out = b.zeros([words], 'u32');
      const values = sampleValues(layout);
      const params = b.rt.params(pipe, values);
      b.rt.dispatch(pipe, [params, b.storageOf(out)], [1], 'test');
      const got = Array.from(await out.read());
      // Each component's value as bits, in field order; padding reads 0.
      const bits = (f: ParamField, x: number) =>
        f.scalar === 'f32' ? new Uint32Array(Float32Array.of(x).buffer)[0] : f.scalar === 'i32' ? x >>> 0 : x;
      const expected = layout.fields.flatMap((f) => {
        const v = values[f.name];
        return f.padding ? f.words.map(() => 0) : (Array.isArray(v) ? v : [v as number]).map((x) => bits(f, x));
      });
      expect({ struct: declaration(layout), got }).toEqual({ struct: declaration(layout), got: expected });
      out.dispose();
    }
  });
});
