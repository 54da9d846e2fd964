// WebGPU kernels: the step guard (shaders/step-guard.wgsl), one workgroup per step.
import { checkGuardArgs, type GuardKernels } from '../kernels/guard';
import type { Tensor } from '../tensor';
import type { GpuCore } from './core';
import { dynamicBinding, withDynamicSize } from './dynamic';
import guardWgsl from '../../../shaders/step-guard.wgsl?raw';

export function gpuGuard(core: GpuCore): GuardKernels {
  const rt = core.rt;
  const s = (t: Tensor) => core.storageOf(t);
  let dummies: GPUBufferBinding[] | null = null;
  let recordDummy: GPUBufferBinding | null = null;
  /**
   * Stand-ins for `live`/`backup` when nothing is restored: two buffers, since a buffer
   * bound writable may not also be bound read-only in the same dispatch.
   */
  const dummyPair = (): GPUBufferBinding[] =>
    (dummies ??= ['live', 'backup'].map((name) => ({ buffer: rt.device.createBuffer({ size: 16, usage: 0x80 /* STORAGE */, label: `guard dummy ${name}` }) })));

  return {
    guardStep(loss, sumSq, words, stream, options = {}) {
      checkGuardArgs(loss, sumSq, words, options);
      const scale = options.scale ?? core.empty([1]);
      const dyn = dynamicBinding(core, stream);
      const pipe = rt.pipeline({ code: withDynamicSize(guardWgsl, dyn.vec4s), label: 'step-guard' });
      const r = options.restore;
      const [live, backup] = r && r.live.size > 0 ? [s(r.live), s(r.backup)] : dummyPair();
      const record = options.record && options.record.size > 0
        ? s(options.record)
        : (recordDummy ??= { buffer: rt.device.createBuffer({ size: 16, usage: 0x80 /* STORAGE */, label: 'guard dummy record' }) });
      const params = rt.params(pipe, { stepWord: dyn.word, keepScale: options.scale ? 1 : 0, restoreCount: r?.live.size ?? 0, recordCount: options.record?.size ?? 0 });
      rt.dispatch(pipe, [s(loss), s(sumSq), s(words), s(scale), live, backup, params, dyn.buffer, record], [1], 'guard');
      return scale;
    },
  };
}
