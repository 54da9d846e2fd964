// CPU reference kernels: the step guard (see src/engine/kernels/guard.ts), eagerly.
import { dynamicValue } from '../backend';
import { checkGuardArgs, GUARD_WORDS, type GuardKernels } from '../kernels/guard';
import type { CpuCore } from './core';

export function cpuGuard(core: CpuCore): GuardKernels {
  return {
    guardStep(loss, sumSq, words, stream, options = {}) {
      checkGuardArgs(loss, sumSq, words, options);
      const f = core.f(words);
      if (!(f instanceof Float32Array)) throw new Error('guardStep: the flag words are u32 bits in an f32 buffer (an f32 backend).');
      const w = new Uint32Array(f.buffer, f.byteOffset, GUARD_WORDS.count);
      // Number.isFinite on an f32 value is the exponent test of the GPU kernel.
      if (w[GUARD_WORDS.flagged] === 0 && !(Number.isFinite(core.f(loss)[0]) && Number.isFinite(core.f(sumSq)[0]))) {
        w[GUARD_WORDS.flagged] = 1;
        w[GUARD_WORDS.step] = dynamicValue(stream) + 1;
      }
      const scale = options.scale ?? core.empty([1]);
      const flagged = w[GUARD_WORDS.flagged] !== 0;
      if (flagged) core.f(scale)[0] = 0;
      else if (!options.scale) core.f(scale)[0] = 1;
      const r = options.restore;
      if (flagged && r) core.f(r.live).set(core.f(r.backup));
      const slot = dynamicValue(stream);
      if (options.record && slot < options.record.size) core.f(options.record)[slot] = core.f(loss)[0];
      return scale;
    },
  };
}
