// The runtime's side of named parameters, on a device that computes nothing (fake-gpu.ts):
// layouts parsed when a pipeline is created, loud failures, and the content-keyed cache.
import { describe, expect, it } from 'vitest';
import { GpuRuntime } from './runtime';
import { fakeGpuContext } from './fake-gpu';

const KERNEL = `struct Params { count: u32, scale: f32 }
@group(0) @binding(0) var<storage, read_write> y: array<f32>;
@group(0) @binding(1) var<uniform> p: Params;
@compute @workgroup_size(64) fn main() {}`;

describe('GpuRuntime.params', () => {
  it('packs by the struct of the pipeline it is given, caching buffers by content', () => {
    const rt = new GpuRuntime(fakeGpuContext());
    const pipe = rt.pipeline({ code: KERNEL, label: 'scale' });
    expect(rt.paramsLayoutOf(pipe)!.fields.map((f) => `${f.name}: ${f.scalar} @${f.offset}`)).toEqual(['count: u32 @0', 'scale: f32 @4']);
    const a = rt.params(pipe, { count: 3, scale: 0.5 });
    const again = rt.params(pipe, { scale: 0.5, count: 3 });
    const other = rt.params(pipe, { count: 3, scale: 0.25 });
    expect(again).toBe(a);
    expect(other).not.toBe(a);
    expect(a.size).toBe(16);
    expect(rt.paramStats).toEqual({ packs: 3, buffers: 2 });
    // The same bytes from another kernel (or a per-step constant) share the buffer.
    const twin = rt.pipeline({ code: KERNEL.replace('Params', 'TwinParams').replace('p: Params', 'p: TwinParams'), label: 'twin' });
    expect(rt.params(twin, { count: 3, scale: 0.5 })).toBe(a);
    expect(rt.uniform(Uint32Array.of(3, 0x3f000000))).toBe(a);
  });

  it('throws with the kernel label and the field for a wrong name, a missing field, an extra one or a bad value', () => {
    const rt = new GpuRuntime(fakeGpuContext());
    const pipe = rt.pipeline({ code: KERNEL, label: 'scale' });
    expect(() => rt.params(pipe, { count: 3, scael: 0.5 })).toThrow('Kernel "scale": Params.scale is missing and Params has no field "scael"');
    expect(() => rt.params(pipe, { count: 3 })).toThrow('Kernel "scale": Params.scale is missing');
    expect(() => rt.params(pipe, { count: 3, scale: 1, offset: 0 })).toThrow('Kernel "scale": Params has no field "offset"');
    expect(() => rt.params(pipe, { count: -3, scale: 1 })).toThrow('Kernel "scale": Params.count must be a u32');
    expect(() => rt.params(pipe, { count: 1.5, scale: 1 })).toThrow('Kernel "scale": Params.count must be an integer');
    expect(rt.paramStats.buffers).toBe(0);
  });

  it('rejects a struct it cannot lay out when the pipeline is created', () => {
    const rt = new GpuRuntime(fakeGpuContext());
    const bad = KERNEL.replace('scale: f32', 'lanes: array<u32, 4>');
    expect(() => rt.pipeline({ code: bad, label: 'lanes' })).toThrow(/Kernel "lanes": Params\.lanes: array<u32, 4> has an element stride of 4 bytes.*multiple of 16/);
    const undeclared = KERNEL.replace('var<uniform> p: Params', 'var<uniform> p: ConvParams');
    expect(() => rt.pipeline({ code: undeclared, label: 'conv' })).toThrow(/Kernel "conv" binds var<uniform> p: ConvParams but declares struct ConvParams 0 times/);
  });

  it('refuses to pack for a kernel without a parameter struct, or a pipeline from elsewhere', () => {
    const rt = new GpuRuntime(fakeGpuContext());
    const none = rt.pipeline({ code: KERNEL.replace(/struct Params[^\n]*\n/, '').replace(/[^\n]*var<uniform>[^\n]*\n/, ''), label: 'plain' });
    expect(rt.paramsLayoutOf(none)).toBeNull();
    expect(() => rt.params(none, {})).toThrow('Kernel "plain" binds no var<uniform> of a struct named ...Params');
    const foreign = new GpuRuntime(fakeGpuContext()).pipeline({ code: KERNEL, label: 'elsewhere' });
    expect(() => rt.params(foreign, { count: 1, scale: 1 })).toThrow(/was not made by this runtime/);
  });
});
