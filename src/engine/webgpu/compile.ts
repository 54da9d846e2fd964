// Backend.compile and Backend.profile on WebGPU: the first call of a compiled step traces
// its body into a StepPlan (runtime.ts) and runs it; later calls replay the plan with one
// submit. Reads asked for by the caller ride along in that same submit.
import type { CompiledStep, CoreBackend, StepRead } from '../backend';
import type { Tensor } from '../tensor';
import type { GpuCore } from './core';
import type { StepPlan } from './runtime';

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
      // Timing a step splits it into one pass per dispatch with a timestamp pair around each:
      // the same commands in the same order, so the step computes exactly what it would have.
      let timeNext: ((times: Record<string, number> | null) => void) | null = null;
      const timed = (replay: () => void) => {
        const settle = timeNext;
        timeNext = null;
        if (!settle || !rt.startProfile('dispatch')) {
          settle?.(null);
          return replay();
        }
        try {
          replay();
        } finally {
          void rt.stopProfile().then((t) => settle(Object.fromEntries(t)), () => settle(null));
        }
      };
      const step = ((t?: Tensor) => {
        if (disposed) throw new Error('This compiled step was disposed.');
        if (plan) {
          const live = plan;
          if (!t) {
            timed(() => live.replay());
            return null;
          }
          const { result, checked } = rt.watch('running the training step', () => {
            const r = read(t);
            timed(() => live.replay());
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
      step.timeNextRun = () => {
        if (!core.ctx.device.features.has('timestamp-query')) return Promise.resolve(null);
        timeNext?.(null);
        return new Promise((resolve) => { timeNext = resolve; });
      };
      step.kernelTimes = async () => {
        if (!plan || disposed) return null;
        const times = step.timeNextRun();
        await core.sync();
        const live = plan;
        timed(() => live.replay());
        return times;
      };
      step.dispose = () => {
        disposed = true;
        timeNext?.(null);
        timeNext = null;
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
