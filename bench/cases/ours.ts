// Our engine's side of each case, on our WebGPU backend (browser or Dawn for Node).
//
// GEMM: backend.matmul with transA/transB, n calls back to back (each output disposed as
// the next is made, as in a tidy loop), then one sync.
// Training: the trainer's compiled step, built the same way src/train/trainer.ts builds it
// (device-resident data gathered on the GPU, forward, loss, backward, gradients copied into
// a flat buffer, one fused optimizer update), compiled with backend.compile (traced once,
// then replayed): per step only two small uniform writes and one submit.
import type { Counts, Side, TrainSide } from './types';
import type { Backend } from '../../src/engine/backend';
import type { Tensor } from '../../src/engine/tensor';
import { tidy } from '../../src/engine/tensor';
import { backward } from '../../src/engine/tape';
import { gatherRows } from '../../src/engine/ops/norm';
import { forward } from '../../src/nn/model';
import { lossOf } from '../../src/nn/losses';
import { createHyperBlock, optimizerRule, stateSlots, writeHyper } from '../../src/train/optimizer';
import type { OptimizerSpec } from '../../src/spec';
import { gemmOperand, type TrainCase } from './models';

const delta = (a: Counts, b: Counts, n: number): Counts => ({
  dispatches: (b.dispatches - a.dispatches) / n,
  submits: (b.submits - a.submits) / n,
  readbacks: (b.readbacks - a.readbacks) / n,
});

function profileOf(totals: Map<string, number> | null, iters: number): Record<string, number> | null {
  if (!totals || totals.size === 0) return null;
  const out: Record<string, number> = {};
  for (const [k, v] of [...totals].sort((a, b) => b[1] - a[1])) out[k] = v / iters;
  return out;
}

export function oursGemm(backend: Backend, M: number, N: number, K: number, transA: boolean, transB: boolean): Side {
  const a = backend.upload(gemmOperand(M, K, 1), transA ? [K, M] : [M, K]);
  const b = backend.upload(gemmOperand(K, N, 2), transB ? [N, K] : [K, N]);
  let counts: Counts | null = null;
  const once = () => backend.matmul(a, b, { transA, transB });
  return {
    async run(n) {
      await backend.sync();
      const c0 = backend.counters();
      const t0 = performance.now();
      let prev: Tensor | null = null;
      for (let i = 0; i < n; i++) {
        const out = once();
        prev?.dispose();
        prev = out;
      }
      await backend.sync();
      const ms = performance.now() - t0;
      counts = delta(c0, backend.counters(), n);
      prev?.dispose();
      return ms;
    },
    lastCounts: () => counts,
    async profile() {
      let out: Tensor | null = null;
      const totals = await backend.profile(() => (out = once()));
      (out as Tensor | null)?.dispose();
      return profileOf(totals, 1);
    },
    dispose() {
      a.dispose();
      b.dispose();
    },
  };
}

export function oursTrain(backend: Backend, c: TrainCase): TrainSide {
  const b = backend;
  const model = c.model;
  const shapes = model.params.map((p) => p.shape);
  const p = b.allocFlat(shapes);
  const params = p.views;
  params.forEach((t, i) => {
    t.requiresGrad = true;
    t.name = model.params[i].name;
    b.write(t, c.weights[i].values);
  });
  const g = b.allocFlat(shapes);
  const optSpec = { type: c.optimizer, lr: c.lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 } as OptimizerSpec;
  const optState = Array.from({ length: stateSlots(optSpec) }, () => b.zeros(p.flat.shape));
  const n = c.batches * c.batch;
  const x = b.upload(c.x, [n, ...c.inputShape]);
  const y = b.upload(c.y, [n], 'u32');
  const order = b.upload(Array.from({ length: n }, (_, i) => i), [n], 'u32');
  const stepBlock = b.createUniforms(4);
  const hyperBlock = createHyperBlock(b);
  const lossSlot = b.zeros([1]);
  let step = 0;
  let counts: Counts | null = null;
  let gpuBytes: number | null = null;

  const body = () =>
    tidy(() => {
      const offset = { block: stepBlock, index: 0 };
      const xb = gatherRows(x, order, offset, c.batch);
      const yb = gatherRows(y, order, offset, c.batch);
      const out = forward(model, xb, params, [], { training: true, seed: 1, stream: { block: stepBlock, index: 1 } });
      const loss = lossOf('softmaxCrossEntropy', out, yb);
      const grads = backward(loss);
      params.forEach((t, i) => {
        const gi = grads.get(t);
        if (gi) b.copy(gi, g.views[i]);
      });
      b.copy(loss, lossSlot);
      b.optimizerStep(optimizerRule(optSpec), p.flat, g.flat, optState, hyperBlock);
    });
  const compiled = b.compile(body);

  /** Exactly what the trainer's step does per step on the GPU: two uniform writes, one replay. */
  const oneStep = () => {
    stepBlock.u32[0] = (step % c.batches) * c.batch;
    stepBlock.u32[1] = step;
    stepBlock.sync();
    writeHyper(hyperBlock, optSpec, { lr: c.lr, momentum: 0, weightDecay: 0, step });
    hyperBlock.sync();
    compiled();
    step++;
  };

  return {
    async losses(k) {
      const out: number[] = [];
      for (let i = 0; i < k; i++) {
        oneStep();
        out.push((await b.read(lossSlot))[0]);
      }
      return out;
    },
    async run(n) {
      if (step === 0) oneStep(); // trace first: the traced step is not a replay
      await b.sync();
      const c0 = b.counters();
      const t0 = performance.now();
      for (let i = 0; i < n; i++) oneStep();
      await b.sync();
      const ms = performance.now() - t0;
      counts = delta(c0, b.counters(), n);
      // What the step holds: live tensors and the plan's pinned buffers (not the pool's idle ones).
      const m = b.memory();
      gpuBytes = m.liveBytes + m.pinnedBytes;
      return ms;
    },
    lastCounts: () => counts,
    gpuBytes: () => gpuBytes,
    async profile() {
      if (step === 0) oneStep();
      await b.sync();
      return profileOf(await b.profile(oneStep), 1);
    },
    async kernels() {
      if (step === 0) oneStep();
      return compiled.kernelTimes();
    },
    dispose() {
      compiled.dispose();
      for (const t of [p.flat, g.flat, x, y, order, lossSlot, ...optState]) t.dispose();
    },
  };
}
