// Our engine's side of each case, on a WebGpuBackend (browser or Dawn for Node).
//
// GEMM: backend.matmul with transA/transB, n calls back to back (each output disposed as
// the next is made, as in a tidy loop), then one sync.
// Training: the trainer's compiled step, built the same way src/train/trainer.ts builds it
// (device-resident data gathered on the GPU, forward, loss, backward, gradients copied into
// a flat buffer, one fused optimizer update), recorded once with rt.beginPlan/endPlan and
// replayed: per step only two small uniform writes and one submit.
import type { Counts, Side, TrainSide } from './types';
import type { WebGpuBackend } from '../../src/engine/webgpu/backend';
import type { Tensor } from '../../src/engine/tensor';
import { tidy } from '../../src/engine/tensor';
import { backward } from '../../src/engine/tape';
import { gatherRows } from '../../src/engine/ops/norm';
import type { StepPlan } from '../../src/engine/webgpu/runtime';
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

/**
 * GPU time of every dispatch of a recorded plan, by pipeline label (finer than the
 * runtime's per-family profile): the plan's commands encoded once more, each dispatch in
 * its own timed pass. This runs one more step.
 */
async function kernelTimes(backend: WebGpuBackend, plan: StepPlan): Promise<Record<string, number> | null> {
  const device = backend.ctx.device;
  if (!device.features.has('timestamp-query')) return null;
  const dispatches = plan.commands.filter((c) => c.kind === 'dispatch');
  const n = dispatches.length;
  const querySet = device.createQuerySet({ type: 'timestamp', count: 2 * n });
  const resolveBuf = device.createBuffer({ size: 16 * n, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
  const staging = device.createBuffer({ size: 16 * n, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  await backend.sync();
  const encoder = device.createCommandEncoder();
  const names: string[] = [];
  for (const c of plan.commands) {
    if (c.kind === 'dispatch') {
      const i = names.length;
      names.push(`${c.pipeline.label || c.family} [${c.groups.join('x')}]`);
      const pass = encoder.beginComputePass({ timestampWrites: { querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 } });
      pass.setPipeline(c.pipeline);
      pass.setBindGroup(0, c.bindGroup);
      pass.dispatchWorkgroups(...c.groups);
      pass.end();
    } else if (c.kind === 'copy') encoder.copyBufferToBuffer(c.src, c.srcOffset, c.dst, c.dstOffset, c.bytes);
    else encoder.clearBuffer(c.buffer, c.offset, c.bytes);
  }
  encoder.resolveQuerySet(querySet, 0, 2 * n, resolveBuf, 0);
  encoder.copyBufferToBuffer(resolveBuf, 0, staging, 0, 16 * n);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const t = new BigUint64Array(staging.getMappedRange().slice(0));
  staging.unmap();
  for (const b of [staging, resolveBuf]) b.destroy();
  querySet.destroy();
  const out: Record<string, number> = {};
  names.forEach((name, i) => {
    const ms = Number(t[2 * i + 1] - t[2 * i]) / 1e6;
    // Same label twice (two layers with one kernel shape): number them.
    let key = name;
    for (let k = 2; key in out; k++) key = `${name} #${k}`;
    out[key] = ms;
  });
  return out;
}

function profileOf(totals: Map<string, number>, iters: number): Record<string, number> | null {
  if (totals.size === 0) return null;
  const out: Record<string, number> = {};
  for (const [k, v] of [...totals].sort((a, b) => b[1] - a[1])) out[k] = v / iters;
  return out;
}

export function oursGemm(backend: WebGpuBackend, M: number, N: number, K: number, transA: boolean, transB: boolean): Side {
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
      if (!backend.rt.startProfile()) return null;
      const out = once();
      const totals = await backend.rt.stopProfile();
      out.dispose();
      return profileOf(totals, 1);
    },
    dispose() {
      a.dispose();
      b.dispose();
    },
  };
}

export function oursTrain(backend: WebGpuBackend, c: TrainCase): TrainSide {
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
  let plan: StepPlan | null = null;
  let step = 0;
  let counts: Counts | null = null;

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

  /** Exactly what Trainer.runStep does per step on the GPU: two uniform writes, one replay. */
  const oneStep = () => {
    stepBlock.u32[0] = (step % c.batches) * c.batch;
    stepBlock.u32[1] = step;
    stepBlock.sync();
    writeHyper(hyperBlock, optSpec, { lr: c.lr, momentum: 0, weightDecay: 0, step });
    hyperBlock.sync();
    if (plan) plan.replay();
    else {
      b.rt.beginPlan();
      try {
        body();
      } finally {
        plan = b.rt.endPlan();
      }
    }
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
      if (!plan) oneStep(); // record first: the traced step is not a replay
      await b.sync();
      const c0 = b.counters();
      const t0 = performance.now();
      for (let i = 0; i < n; i++) oneStep();
      await b.sync();
      const ms = performance.now() - t0;
      counts = delta(c0, b.counters(), n);
      return ms;
    },
    lastCounts: () => counts,
    async profile() {
      if (!plan) oneStep();
      await b.sync();
      if (!b.rt.startProfile()) return null;
      oneStep();
      return profileOf(await b.rt.stopProfile(), 1);
    },
    async kernels() {
      if (!plan) oneStep();
      return kernelTimes(b, plan as unknown as StepPlan);
    },
    dispose() {
      (plan as StepPlan | null)?.dispose();
      for (const t of [p.flat, g.flat, x, y, order, lossSlot, ...optState]) t.dispose();
    },
  };
}
