// Backend.compile and Backend.profile on WebGPU: the first call of a compiled step traces
// its body into a StepPlan (runtime.ts) and runs it; later calls replay the plan with one
// submit. Reads asked for by the caller ride along in that same submit.
import type { CompiledStep, CoreBackend, StepRead } from '../backend';
import type { Tensor } from '../tensor';
import type { GpuCore } from './core';
import type { StepPlan } from './runtime';
import { USAGE } from './buffer-pool';

const QUERY_RESOLVE = 0x200;

export function gpuCompile(core: GpuCore): Pick<CoreBackend, 'compile' | 'profile'> {
  const rt = core.rt;
  return {
    compile(body) {
      let plan: StepPlan | null = null;
      let disposed = false;
      // readLater queues the copy synchronously; it is encoded after the step's commands.
      const read = (t?: Tensor) => (t ? core.readLater(t) : null);
      // GPU errors are caught in error scopes around the trace and around every replay that
      // reads (the steps whose numbers are reported); a read resolves only after its scopes
      // are checked, so a reader sees rt.fault() before it could trust the numbers. Other
      // replays stay scope-free (cheap); an error there still reaches 'uncapturederror'.
      const afterCheck = (r: StepRead | null, checked: Promise<void>) => r && r.then(async (v) => { await checked; return v; });
      const step = ((t?: Tensor) => {
        if (disposed) throw new Error('This compiled step was disposed.');
        if (plan) {
          const live = plan;
          if (!t) {
            live.replay();
            return null;
          }
          const { result, checked } = rt.watch('running the training step', () => {
            const r = read(t);
            live.replay();
            return r;
          });
          return afterCheck(result, checked);
        }
        const { result, checked } = rt.watch('tracing the training step', () => {
          rt.beginPlan();
          try {
            body();
          } catch (e) {
            rt.cancelPlan();
            throw e;
          }
          const r = read(t);
          plan = rt.endPlan(); // submits the traced step (and the read) now
          return r;
        });
        return afterCheck(result, checked);
      }) as CompiledStep;
      step.kernelTimes = async () => (plan && !disposed ? timePlanDispatches(core, plan) : null);
      step.dispose = () => {
        disposed = true;
        plan?.dispose();
        plan = null;
      };
      return step;
    },

    async profile(fn) {
      const timing = rt.startProfile();
      try {
        fn();
        rt.flush(); // submitted while the profiler is on, so every dispatch is timed
      } catch (e) {
        if (timing) await rt.stopProfile();
        throw e;
      }
      return timing ? rt.stopProfile() : null;
    },
  };
}

/**
 * GPU time of every dispatch of a recorded plan, by pipeline label (finer than the
 * runtime's per-family profile): the plan's commands encoded once more, each dispatch in
 * its own timed pass. This runs the step once more.
 */
async function timePlanDispatches(core: GpuCore, plan: StepPlan): Promise<Record<string, number> | null> {
  const device = core.ctx.device;
  if (!device.features.has('timestamp-query')) return null;
  const dispatches = plan.commands.filter((c) => c.kind === 'dispatch');
  const n = dispatches.length;
  if (n === 0) return {};
  const querySet = device.createQuerySet({ type: 'timestamp', count: 2 * n });
  const resolveBuf = device.createBuffer({ size: 16 * n, usage: QUERY_RESOLVE | USAGE.COPY_SRC });
  const staging = device.createBuffer({ size: 16 * n, usage: USAGE.MAP_READ | USAGE.COPY_DST });
  await core.sync();
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
  await staging.mapAsync(1 /* GPUMapMode.READ */);
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
