// The small version of `npm run soak`: a few hundred steps with evaluations on WebGPU, and
// every buffer the backend holds (live, pooled, pinned by the compiled step, uniforms)
// stays exactly as it was after the first evaluation.
import { describe, expect, it } from 'vitest';
import type { MemoryStats } from '../engine/backend';
import { gpuBackend } from '../engine/webgpu/test-backend';
import { generateSynthetic } from '../data/synthetic';
import { splitDataset } from '../data/split';
import type { Split } from '../data/types';
import { experimentOf } from './test-helpers';
import { Trainer } from './trainer';

describe('memory over many steps (WebGPU)', () => {
  it('keeps every GPU buffer flat after the first evaluation over 300 steps', async () => {
    const b = await gpuBackend();
    const ds = generateSynthetic('spiral', { seed: 3, noise: 0.1, n: 320 });
    const split = { ...splitDataset(ds, { seed: 3, trainFraction: 0.5 }), stats: { method: 'none', offset: [0, 0], divisor: [1, 1] } } as Split;
    const experiment = experimentOf({
      version: 1, seed: 5, data: { dataset: 'spiral', trainFraction: 0.5 },
      model: { layers: [{ type: 'dense', units: 16, activation: 'relu' }, { type: 'dropout', rate: 0.2 }, { type: 'dense', units: 2 }] },
      loss: 'softmaxCrossEntropy', optimizer: { type: 'adam', lr: 0.01 }, training: { batchSize: 16, epochs: 30, clipGradNorm: 1 }, backend: 'webgpu',
    });
    const snapshots: { step: number; memory: MemoryStats }[] = [];
    const trainer = await Trainer.create(experiment, {
      backend: b, split, progressEvery: 5,
      onEvent: (e) => { if (e.kind === 'eval') snapshots.push({ step: e.step, memory: b.memory() }); },
    });
    await trainer.run();
    expect(trainer.stepsDone).toBe(300);
    expect(snapshots.length).toBe(30);
    // Evaluations 2..30 see exactly what the first one left: no buffer made per step or per evaluation.
    for (const s of snapshots.slice(1)) expect(s.memory, `after step ${s.step}`).toEqual(snapshots[0].memory);
    expect(snapshots[0].memory.pinnedBuffers).toBeGreaterThan(0); // the compiled step's intermediates are counted
    trainer.dispose();
  });
});
