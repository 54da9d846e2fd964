// The dataset on the device: uploaded once; batches are gathered on the device from a
// shuffled index tensor (rewritten once per epoch), so a step copies nothing from the CPU.
import type { Backend } from '../engine/backend';
import type { Tensor } from '../engine/tensor';
import type { Dataset, Split } from '../data/types';
import type { LossName } from '../spec';
import { targetIsIndex } from '../nn/losses';

export interface DeviceSet {
  n: number;
  x: Tensor;
  /** What the loss takes: u32 labels [n] or f32 targets [n, k]. */
  target: Tensor;
  /** u32 labels [n] for accuracy (classification only). */
  labels: Tensor | null;
}

export interface DeviceData {
  train: DeviceSet;
  test: DeviceSet;
  /** Shuffled sample order of the current epoch (u32 [nTrain]). */
  order: Tensor;
  /** 0..nTest-1, for evaluation batches. */
  testOrder: Tensor;
  dispose(): void;
}

function uploadSet(backend: Backend, ds: Dataset, loss: LossName): DeviceSet {
  const x = backend.upload(ds.x, [ds.n, ...ds.inputShape]);
  const classification = ds.task === 'classification';
  const labels = classification ? backend.upload(ds.y, [ds.n], 'u32') : null;
  let target: Tensor;
  if (targetIsIndex(loss)) target = labels ?? backend.upload(ds.y, [ds.n], 'u32');
  else {
    const k = ds.y.length / Math.max(1, ds.n);
    target = backend.upload(Float32Array.from(ds.y), [ds.n, k]);
  }
  return { n: ds.n, x, target, labels };
}

export function uploadSplit(backend: Backend, split: Split, loss: LossName): DeviceData {
  const train = uploadSet(backend, split.train, loss);
  const test = uploadSet(backend, split.test, loss);
  const order = backend.upload(Array.from({ length: train.n }, (_, i) => i), [train.n], 'u32');
  const testOrder = backend.upload(Array.from({ length: test.n }, (_, i) => i), [test.n], 'u32');
  return {
    train,
    test,
    order,
    testOrder,
    dispose() {
      for (const s of [train, test]) {
        s.x.dispose();
        s.target.dispose();
        s.labels?.dispose();
      }
      order.dispose();
      testOrder.dispose();
    },
  };
}
