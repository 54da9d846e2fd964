// relu and leakyRelu (`unary`, `unaryGrad`) on the wasm backend (assembly/activation.ts),
// bit for bit the reference's; every other activation and op stays the reference's
// TypeScript (the transcendental ones go through Math.exp, which wasm does not have).
import { defaultAlpha, type PointwiseKernels } from '../kernels/pointwise';
import type { CpuCore } from '../cpu/core';
import { cpuPointwise } from '../cpu/pointwise';
import type { WasmArena } from './module';

export function wasmActivation(core: CpuCore, arena: WasmArena): Pick<PointwiseKernels, 'unary' | 'unaryGrad'> {
  const reference = cpuPointwise(core);
  return {
    unary(op, x, alpha = defaultAlpha(op)) {
      if (op !== 'relu' && op !== 'leakyRelu') return reference.unary(op, x, alpha);
      const y = core.empty(x.shape);
      const ys = core.f(y);
      arena.begin();
      const px = arena.put(core.f(x));
      const py = arena.alloc(ys.length);
      arena.k.reluForward(+(op === 'leakyRelu'), ys.length, px, py, alpha);
      ys.set(arena.f32(py, ys.length));
      return y;
    },

    unaryGrad(op, x, y, dy, alpha = defaultAlpha(op)) {
      if (op !== 'relu' && op !== 'leakyRelu') return reference.unaryGrad(op, x, y, dy, alpha);
      const dx = core.empty(x.shape);
      const dxs = core.f(dx);
      arena.begin();
      const px = arena.put(core.f(x));
      const pdy = arena.put(core.f(dy));
      const pdx = arena.alloc(dxs.length);
      arena.k.reluGrad(+(op === 'leakyRelu'), dxs.length, px, pdy, pdx, alpha);
      dxs.set(arena.f32(pdx, dxs.length));
      return dx;
    },
  };
}
