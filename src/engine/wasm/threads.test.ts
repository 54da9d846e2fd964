// The threaded GEMM (threads.ts) in Node with worker_threads: 1, 2 and 3 threads give the
// same bits as the single-thread kernel, for every layout, with bias and accumulation, and
// for the convolutions through im2col.
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { sizeOf, type Shape } from '../shape';
import type { CpuBackend } from '../cpu/backend';
import type { Tensor } from '../tensor';
import { createWasmBackend, openWasmBackend, type WasmBackend } from './backend';
import type { Conv2dOptions } from '../kernels/conv';
import { threadsAvailable } from './threads';
import { gemmShapes, LAYOUTS } from './testing';

const single = createWasmBackend();
const opened: WasmBackend[] = [];
afterAll(() => opened.forEach((o) => o.backend.dispose()));

async function threaded(n: number): Promise<CpuBackend> {
  const o = await openWasmBackend(n);
  opened.push(o);
  expect(o.threads).toBe(n);
  return o.backend;
}

function outputs(b: CpuBackend, shapes: Shape[], run: (b: CpuBackend, x: Tensor[]) => Tensor, seed: number): Float32Array {
  const rng = new Rng(seed);
  const inputs = shapes.map((s) => b.upload(Float32Array.from({ length: sizeOf(s) }, () => rng.range(-1, 1)), s));
  return b.readSync(run(b, inputs)) as Float32Array;
}

/** The same computation on one thread and on 1, 2, 3: every float's bits equal. */
async function sameBits(shapes: Shape[], run: (b: CpuBackend, x: Tensor[]) => Tensor, seed = 1): Promise<void> {
  const want = new Uint32Array(outputs(single, shapes, run, seed).buffer.slice(0));
  for (const n of [1, 2, 3]) {
    const got = new Uint32Array(outputs(await threaded(n), shapes, run, seed).buffer.slice(0));
    expect(got.length).toBe(want.length);
    let differ = 0;
    for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) differ++;
    expect(differ, `${n} threads: floats that differ from one thread's`).toBe(0);
  }
}

describe('the threaded wasm GEMM', () => {
  it('is available in Node, and a large GEMM goes to the workers', async () => {
    expect(threadsAvailable()).toBe(true);
    const o = await openWasmBackend(2);
    opened.push(o);
    const jobs = o.pool!.jobs();
    o.backend.matmul(o.backend.zeros([128, 128]), o.backend.zeros([128, 128]));
    expect(o.pool!.jobs()).toBe(jobs + 1);
    o.backend.matmul(o.backend.zeros([16, 16]), o.backend.zeros([16, 16])); // below the threshold
    expect(o.pool!.jobs()).toBe(jobs + 1);
  });

  for (const [name, transA, transB] of LAYOUTS) {
    it(`${name}: 1, 2, 3 threads give the single-thread kernel's bits (edges, several MC blocks)`, async () => {
      await sameBits(gemmShapes(203, 77, 300, transA, transB), (b, [x, y]) => b.matmul(x, y, { transA, transB }));
    }, 60_000);
  }

  it('with bias and a batch, and a GEMM below the threshold', async () => {
    await sameBits([[2, 150, 96], [96, 40], [40]], (b, [x, w, bias]) => b.matmul(x, w, { bias }));
    await sameBits(gemmShapes(16, 16, 16, false, false), (b, [x, y]) => b.matmul(x, y));
  }, 60_000);

  it('conv2d and both gradients through im2col', async () => {
    const o: Conv2dOptions = { strides: [1, 1], padding: 'same', dilation: [1, 1] };
    await sameBits([[4, 12, 12, 8], [3, 3, 8, 16]], (b, [x, f]) => b.conv2d(x, f, o));
    await sameBits([[4, 12, 12, 16], [3, 3, 8, 16]], (b, [dy, f]) => b.conv2dGradInput(dy, f, [4, 12, 12, 8], o));
    await sameBits([[4, 12, 12, 8], [4, 12, 12, 16]], (b, [x, dy]) => b.conv2dGradFilter(x, dy, [3, 3, 8, 16], o));
  }, 60_000);
});
