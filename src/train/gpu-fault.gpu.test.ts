// A GPU error inside the training step stops the run with a sentence saying what failed,
// never with finite-looking numbers read from work the GPU refused to do.
import { describe, expect, it } from 'vitest';
import { openWebGpuBackend } from '../engine/webgpu/backend';
import { USAGE } from '../engine/webgpu/buffer-pool';
import { generateSynthetic } from '../data/synthetic';
import { splitDataset } from '../data/split';
import type { Split } from '../data/types';
import { experimentOf } from './test-helpers';
import { Trainer } from './trainer';
import { GpuFaultError, type TrainEvent } from './types';

const BAD = `@group(0) @binding(0) var<storage, read_write> x: array<vec4<f32>>;
@compute @workgroup_size(1) fn main() { x[0] = vec4<f32>(1.0); }`;

describe('a GPU error in the training step', () => {
  it('stops the run with the error, before any progress is reported from the failed step', async () => {
    const b = await openWebGpuBackend({ onError: () => {} }); // its own device: it will be faulted
    // The traced step gets one invalid dispatch (a binding smaller than the kernel needs).
    const compile = b.compile.bind(b);
    const tiny = b.ctx.device.createBuffer({ size: 4, usage: USAGE.STORAGE });
    const bad = b.rt.pipeline({ code: BAD, label: 'invalid binding' });
    b.compile = (body) => compile(() => { body(); b.rt.dispatch(bad, [{ buffer: tiny }], [1], 'probe'); });
    const ds = generateSynthetic('spiral', { seed: 1, noise: 0.1, n: 128 });
    const split = { ...splitDataset(ds, { seed: 1, trainFraction: 0.5 }), stats: { method: 'none', offset: [0, 0], divisor: [1, 1] } } as Split;
    const experiment = experimentOf({
      version: 1, seed: 1, data: { dataset: 'spiral' }, model: { layers: [{ type: 'dense', units: 8, activation: 'relu' }, { type: 'dense', units: 2 }] },
      loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 0.1 }, training: { batchSize: 16, epochs: 3 }, backend: 'webgpu',
    });
    const events: TrainEvent[] = [];
    const trainer = await Trainer.create(experiment, { backend: b, split, onEvent: (e) => events.push(e), progressEvery: 1 });
    const err = await trainer.run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GpuFaultError);
    expect((err as Error).message).toMatch(/^Training stopped after step \d+: The GPU rejected a command \(validation error\) while tracing the training step: .+ No result after this point can be trusted/);
    expect(events.filter((e) => e.kind === 'progress')).toEqual([]); // nothing reported as if training went on
    trainer.dispose();
    b.dispose();
    b.ctx.destroy();
  });
});
