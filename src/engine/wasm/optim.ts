// The optim family on the wasm backend: the fused optimizer update of every rule in the
// SIMD kernel (assembly/optim.ts), in the reference's float64 arithmetic and order, so the
// weights and state come out as the TypeScript reference's bit for bit. The step's
// constants (bias corrections, 1 - beta, ...) are computed here once, as the reference's
// rows compute them (src/engine/optim-table.ts). sumSquares and clipFactor are the
// reference's (one pass, one scalar).
import { checkOptimizerArgs, OPTIMIZER_RULES, type OptimKernels } from '../kernels/optim';
import { OPTIMIZER_TABLE, type Hyper } from '../optim-table';
import type { CpuCore } from '../cpu/core';
import { cpuOptim, readHyper } from '../cpu/optim';
import type { WasmArena } from './module';

/** The 16 f64 constants assembly/optim.ts reads, in its order. */
export function optimConstants(rule: (typeof OPTIMIZER_RULES)[number], h: Hyper, gradScale: number): number[] {
  const coupledDecay = OPTIMIZER_TABLE[rule].decay === 'coupled' ? h.weightDecay : 0;
  const bc1 = 1 - h.beta1 ** h.step;
  const bc2Sqrt = Math.sqrt(1 - h.beta2 ** h.step);
  return [
    h.lr, h.momentum, h.beta1, 1 - h.beta1, h.beta2, 1 - h.beta2, h.eps, coupledDecay,
    h.l1, 2 * h.l2, gradScale, h.lr / bc1, bc2Sqrt, 1 - h.lr * h.weightDecay, h.alpha, 1 - h.alpha,
  ];
}

export function wasmOptim(core: CpuCore, arena: WasmArena): OptimKernels {
  return {
    ...cpuOptim(core),
    optimizerStep(rule, params, grads, state, hyper, gradScale) {
      checkOptimizerArgs(rule, params, grads, state);
      const scale = gradScale ? core.f(gradScale)[0] : 1;
      if (scale === 0) return; // a step the guard stopped (kernels/guard.ts) changes nothing
      const slots = OPTIMIZER_TABLE[rule].state.length;
      const p = core.f(params);
      const s = state.slice(0, slots).map((t) => core.f(t));
      arena.begin();
      const n = p.length;
      const pp = arena.put(p);
      const pg = arena.put(core.f(grads));
      const ps = s.map((t) => arena.put(t));
      const ph = arena.alloc(32);
      new Float64Array(arena.k.memory.buffer, ph, 16).set(optimConstants(rule, readHyper(hyper), scale));
      arena.k.optimizerStep(OPTIMIZER_RULES.indexOf(rule), n, pp, pg, ps[0] ?? 0, ps[1] ?? 0, ph);
      p.set(arena.f32(pp, n));
      s.forEach((t, k) => t.set(arena.f32(ps[k], n)));
    },
  };
}
