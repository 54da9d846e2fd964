// Resume on the same WebGPU adapter: a run paused at an evaluation, its checkpoint taken
// through the safetensors file format and restored into a fresh trainer, ends exactly as
// the same run uninterrupted (no kernel uses floating-point atomics, so bit for bit).
import { describe, expect, it } from 'vitest';
import { gpuBackend } from '../engine/webgpu/test-backend';
import { generateSynthetic } from '../data/synthetic';
import { splitDataset } from '../data/split';
import type { Split } from '../data/types';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint';
import { experimentOf } from './test-helpers';
import { Trainer } from './trainer';
import type { SavedTrainingState } from './training-state';
import type { EvalMetrics, TrainEvent } from './types';

function split(): Split {
  const ds = generateSynthetic('spiral', { seed: 5, noise: 0.1, n: 200 });
  return { ...splitDataset(ds, { seed: 5, trainFraction: 0.5 }), stats: { method: 'none', offset: [0, 0], divisor: [1, 1] } } as Split;
}

const experiment = experimentOf({
  version: 1,
  seed: 21,
  data: { dataset: 'spiral', noise: 0.1, trainFraction: 0.5, normalize: 'none' },
  model: { layers: [{ type: 'dense', units: 16, activation: 'relu' }, { type: 'batchNorm' }, { type: 'dropout', rate: 0.2 }, { type: 'dense', units: 2 }] },
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'adam', lr: 0.01 },
  schedule: { type: 'cosine', warmupSteps: 5 },
  training: { batchSize: 10, epochs: 4, clipGradNorm: 1, evalEvery: 1 },
  backend: 'webgpu',
});

const evalsOf = (events: TrainEvent[]) => events.filter((e): e is EvalMetrics => e.kind === 'eval').map(({ layers: _l, ...m }) => m);

describe('resume from a checkpoint (same adapter)', () => {
  it('a run paused after its second evaluation and resumed ends as the run that went on', async () => {
    const backend = await gpuBackend();
    const s = split();
    const wholeEvents: TrainEvent[] = [];
    const whole = await Trainer.create(experiment, { backend, split: s, onEvent: (e) => wholeEvents.push(e) });
    await whole.run();
    const want = await whole.exportWeights();
    whole.dispose();

    let checkpoint: SavedTrainingState | null = null;
    const firstEvents: TrainEvent[] = [];
    const first: Trainer = await Trainer.create(experiment, {
      backend, split: s,
      onEvent: (e) => { firstEvents.push(e); if (e.kind === 'eval' && e.epoch === 2) first.pause(); },
      onCheckpoint: (c) => { checkpoint = c; },
    });
    expect(await first.run()).toBeNull();
    first.dispose();
    expect(checkpoint!.step).toBe(2 * first.stepsPerEpoch);

    const file = decodeCheckpoint(encodeCheckpoint(checkpoint!, experiment.seed));
    const restEvents: TrainEvent[] = [];
    const rest = await Trainer.create(experiment, { backend, split: s, onEvent: (e) => restEvents.push(e) });
    await rest.restore(file.state);
    await rest.run();
    const got = await rest.exportWeights();
    rest.dispose();

    // Within float tolerance, and in fact bit for bit.
    got.forEach((t, i) => t.data.forEach((v, k) => expect(Math.abs(v - want[i].data[k]), `${t.name}[${k}]`).toBeLessThan(1e-6)));
    expect(got).toEqual(want);
    expect([...evalsOf(firstEvents), ...evalsOf(restEvents)]).toEqual(evalsOf(wholeEvents));
  });
});
