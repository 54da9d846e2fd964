// Training on the wasm backend gives the same losses, bit for bit, on 1, 2 and 3 threads
// (src/engine/wasm/threads.ts splits GEMMs by output rows, which never splits a sum).
import { describe, expect, it } from 'vitest';
import { openWasmBackend } from '../engine/wasm/backend';
import { Rng } from '../engine/random';
import type { Dataset, Split } from '../data/types';
import { experimentOf, train } from './test-helpers';

function split(n: number, features: number, classes: number): Split {
  const rng = new Rng(5);
  const x = Float32Array.from({ length: n * features }, () => rng.uniform());
  const y = Uint32Array.from({ length: n }, () => rng.int(classes));
  const ds: Dataset = { task: 'classification', inputShape: [features], numClasses: classes, x, y, n };
  return { train: ds, test: ds, stats: { method: 'none', offset: [0], divisor: [1] } } as Split;
}

const experiment = (batchSize: number, steps: number) =>
  experimentOf({
    version: 1,
    seed: 3,
    data: { dataset: 'mnist', noise: 0, trainFraction: 0.5, normalize: 'none' },
    model: { layers: [{ type: 'dense', units: 192, activation: 'relu' }, { type: 'dense', units: 10 }] },
    loss: 'softmaxCrossEntropy',
    optimizer: { type: 'adam', lr: 0.003 },
    training: { batchSize, epochs: (steps * batchSize) / 256 },
    backend: 'wasm',
  });

describe('training on the threaded wasm backend', () => {
  it('MLP 784-192-10, batch 128: the same losses, bit for bit, on 1, 2 and 3 threads', async () => {
    const data = split(256, 784, 10);
    const losses: number[][] = [];
    for (const n of [1, 2, 3]) {
      const o = await openWasmBackend(n);
      expect(o.threads).toBe(n);
      const jobs = o.pool?.jobs() ?? 0;
      const run = await train(o.backend, experiment(128, 6), data, { progressEvery: 1 });
      run.trainer.dispose();
      if (n > 1) expect(o.pool!.jobs(), 'GEMMs split across the workers').toBeGreaterThan(jobs);
      o.backend.dispose();
      losses.push(run.progress.map((p) => p.trainLoss));
    }
    expect(losses[0]).toHaveLength(6);
    expect(losses[1]).toEqual(losses[0]);
    expect(losses[2]).toEqual(losses[0]);
  }, 60_000);
});
