import { describe, expect, it } from 'vitest';
import { gpuBackend } from '../webgpu/test-backend';
import { backward, param } from '../tape';
import { tidy } from '../tensor';
import { dense } from './matmul';
import { softmaxCrossEntropy } from './pointwise';
import { Rng } from '../random';

describe('eager autograd memory', () => {
  it('keeps live GPU buffers flat over 300 forward+backward iterations', async () => {
    const b = await gpuBackend();
    const rng = new Rng(5);
    const rand = (n: number) => Array.from({ length: n }, () => rng.range(-1, 1));
    const w1 = param(b.upload(rand(3 * 17), [3, 17]));
    const b1 = param(b.upload(rand(17), [17]));
    const w2 = param(b.upload(rand(17 * 5), [17, 5]));
    const x = b.upload(rand(9 * 3), [9, 3]);
    const labels = b.upload([0, 1, 2, 3, 4, 0, 1, 2, 3], [9], 'u32');
    const iteration = () =>
      tidy(() => {
        const loss = softmaxCrossEntropy(dense(dense(x, w1, b1, 'relu'), w2), labels);
        const grads = backward(loss);
        b.addInPlace(w1, grads.get(w1)!, -0.01);
      });
    iteration();
    await b.sync();
    const start = b.memory();
    for (let i = 0; i < 300; i++) iteration();
    await b.sync();
    const end = b.memory();
    expect(end.liveBuffers).toBe(start.liveBuffers);
    expect(end.liveBytes).toBe(start.liveBytes);
    expect(end.liveTensors).toBe(start.liveTensors);
  });
});
