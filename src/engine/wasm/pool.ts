// Max and average pooling and their gradients on the wasm backend (assembly/pool.ts): the
// reference's loops and arithmetic (src/engine/cpu/conv-pool.ts), so y, argmax and the
// gradients are the reference's bit for bit.
import type { ConvKernels } from '../kernels/conv';
import type { WindowGeometry } from '../conv-geometry';
import type { CpuCore } from '../cpu/core';
import { poolGeometry } from '../cpu/conv-pool';
import type { WasmArena } from './module';

type PoolKernels = Pick<ConvKernels, 'maxPool2d' | 'maxPool2dGrad' | 'avgPool2d' | 'avgPool2dGrad'>;

/** The 12 i32 of assembly/pool.ts's geometry block. */
function geometryWords(g: WindowGeometry): number[] {
  return [g.batch, g.h.in, g.w.in, g.channels, g.h.out, g.w.out, g.h.kernel, g.w.kernel, g.h.stride, g.w.stride, g.h.padBefore, g.w.padBefore];
}

export function wasmPool(core: CpuCore, arena: WasmArena): PoolKernels {
  return {
    maxPool2d(x, o) {
      const g = poolGeometry(x.shape, o);
      const shape = [g.batch, g.h.out, g.w.out, g.channels];
      const [y, argmax] = [core.empty(shape), core.empty(shape, 'u32')];
      const [ys, as] = [core.f(y), core.u(argmax)];
      arena.begin();
      const px = arena.put(core.f(x));
      const py = arena.alloc(ys.length);
      const pa = arena.alloc(as.length);
      const pg = arena.putI32(geometryWords(g));
      arena.k.maxPool(px, py, pa, pg);
      ys.set(arena.f32(py, ys.length));
      as.set(new Uint32Array(arena.k.memory.buffer, pa, as.length));
      return { y, argmax };
    },

    maxPool2dGrad(dy, argmax, xShape) {
      const dx = core.empty(xShape);
      const [dys, dxs] = [core.f(dy), core.f(dx)];
      arena.begin();
      const pdy = arena.put(dys);
      const pa = arena.alloc(dys.length);
      const pdx = arena.alloc(dxs.length);
      new Uint32Array(arena.k.memory.buffer, pa, dys.length).set(core.u(argmax));
      arena.f32(pdx, dxs.length).fill(0);
      arena.k.maxPoolGrad(pdy, pa, pdx, dys.length);
      dxs.set(arena.f32(pdx, dxs.length));
      return dx;
    },

    avgPool2d(x, o) {
      const g = poolGeometry(x.shape, o);
      const y = core.empty([g.batch, g.h.out, g.w.out, g.channels]);
      const ys = core.f(y);
      arena.begin();
      const px = arena.put(core.f(x));
      const py = arena.alloc(ys.length);
      const pg = arena.putI32(geometryWords(g));
      arena.k.avgPool(px, py, pg, 0);
      ys.set(arena.f32(py, ys.length));
      return y;
    },

    avgPool2dGrad(dy, xShape, o) {
      const g = poolGeometry(xShape, o);
      const dx = core.empty(xShape);
      const dxs = core.f(dx);
      arena.begin();
      const pdy = arena.put(core.f(dy));
      const pdx = arena.alloc(dxs.length);
      const pg = arena.putI32(geometryWords(g));
      arena.f32(pdx, dxs.length).fill(0);
      arena.k.avgPool(pdx, pdy, pg, 1);
      dxs.set(arena.f32(pdx, dxs.length));
      return dx;
    },
  };
}
