// GPU errors never pass silently: an invalid command while a step is traced, or in a
// replayed step, is recorded as a sentence (backend.gpuFault()) before the step's read
// resolves, so a reader can stop instead of reporting the stale numbers it would read.
import { describe, expect, it } from 'vitest';
import { openWebGpuBackend } from './backend';
import { USAGE } from './buffer-pool';

const WGSL = `@group(0) @binding(0) var<storage, read_write> x: array<vec4<f32>>;
@compute @workgroup_size(1) fn main() { x[0] = vec4<f32>(1.0); }`;

// A device of its own: after an error its work is suspect, so the shared one stays clean.
const open = () => openWebGpuBackend({ onError: () => {} });

describe('GPU errors', () => {
  it('an invalid binding while the step is traced stops with a sentence naming the phase', async () => {
    const b = await open();
    expect(b.gpuFault()).toBeNull();
    const tiny = b.ctx.device.createBuffer({ size: 4, usage: USAGE.STORAGE });
    const pipeline = b.rt.pipeline({ code: WGSL, label: 'fault probe' });
    const out = b.zeros([4]);
    const step = b.compile(() => b.rt.dispatch(pipeline, [{ buffer: tiny }], [1], 'probe'));
    await step(out);
    expect(b.gpuFault()).toMatch(/^The GPU rejected a command \(validation error\) while tracing the training step: .+/);
    step.dispose();
    b.dispose();
    b.ctx.destroy();
  });

  it('a replay that uses a destroyed buffer is caught before its read resolves', async () => {
    const b = await open();
    const target = b.ctx.device.createBuffer({ size: 64, usage: USAGE.STORAGE });
    const pipeline = b.rt.pipeline({ code: WGSL, label: 'fault probe' });
    const out = b.zeros([4]);
    const step = b.compile(() => b.rt.dispatch(pipeline, [{ buffer: target }], [1], 'probe'));
    await step(out);
    await step(out);
    expect(b.gpuFault()).toBeNull(); // valid so far
    target.destroy();
    await step(out); // resolves only after its error scopes were checked
    expect(b.gpuFault()).toMatch(/^The GPU rejected a command \(validation error\) while running the training step: .*destroyed/i);
    step.dispose();
    b.dispose();
    b.ctx.destroy();
  });

  it('an error outside any scope (eager work) still counts, and the first one is kept', async () => {
    const b = await open();
    const tiny = b.ctx.device.createBuffer({ size: 4, usage: USAGE.STORAGE });
    const pipeline = b.rt.pipeline({ code: WGSL, label: 'fault probe' });
    b.rt.dispatch(pipeline, [{ buffer: tiny }], [1], 'probe');
    await b.sync();
    await new Promise((r) => setTimeout(r, 50)); // uncapturederror is an event
    const first = b.gpuFault();
    expect(first).toMatch(/^The GPU rejected a command \(validation error\) while running work on the GPU: /);
    b.ctx.device.destroy();
    await b.ctx.lost;
    expect(b.gpuFault()).toBe(first);
    b.dispose();
  });
});
