// conv2d and its input and filter gradients on the wasm backend, as GEMMs over im2col
// (assembly/im2col.ts) with the SIMD GEMM: y = cols · W (NN), dx = col2im(dy · Wᵀ) (NT),
// dW = colsᵀ · dy (TN, accumulated over image chunks in image order, the reference's order).
// The filter [kh, kw, Cin, Cout] is already the [kh·kw·Cin, Cout] matrix of a cols row.
// Depthwise convs, the bias gradient and the activation stay on the reference (pooling: pool.ts).
import type { Conv2dOptions, ConvKernels } from '../kernels/conv';
import type { WindowGeometry } from '../conv-geometry';
import type { Shape } from '../shape';
import type { Tensor } from '../tensor';
import type { CpuCore } from '../cpu/core';
import { cpuConv } from '../cpu/conv';
import { applyEpilogue, convGeometry } from '../cpu/conv-taps';
import type { WasmArena } from './module';

/** Floats of one cols buffer (16 MiB): a big batch is lowered a chunk of images at a time. */
const COLS_FLOATS = 1 << 22;

interface Lowering {
  g: WindowGeometry;
  cin: number;
  cout: number;
  /** Output pixels of one image, and the length of a cols row (kh·kw·Cin). */
  pixels: number;
  row: number;
  /** Images per chunk. */
  per: number;
}

function lowering(xShape: Shape, filterShape: Shape, o: Conv2dOptions, what: string): Lowering {
  const g = convGeometry(xShape, filterShape, o);
  const cin = g.channels;
  if (filterShape[2] !== cin) throw new Error(`${what}: filter [${filterShape}] expects ${filterShape[2]} input channels; x has ${cin}.`);
  const pixels = g.h.out * g.w.out;
  const row = g.h.kernel * g.w.kernel * cin;
  return { g, cin, cout: filterShape[3], pixels, row, per: Math.max(1, Math.floor(COLS_FLOATS / (pixels * row))) };
}

/** Runs body(first image, images, geometry block) chunk by chunk; the block is what im2col reads. */
function eachChunk(arena: WasmArena, l: Lowering, at: number, body: (n0: number, count: number) => void): void {
  const { g } = l;
  for (let n0 = 0; n0 < g.batch; n0 += l.per) {
    const count = Math.min(l.per, g.batch - n0);
    new Int32Array(arena.k.memory.buffer, at, 14).set([
      count, g.h.in, g.w.in, l.cin, g.h.out, g.w.out, g.h.kernel, g.w.kernel,
      g.h.stride, g.w.stride, g.h.dilation, g.w.dilation, g.h.padBefore, g.w.padBefore,
    ]);
    body(n0, count);
  }
}

export function wasmConv(core: CpuCore, arena: WasmArena): ConvKernels {
  const k = arena.k;

  const conv2d = (x: Tensor, filter: Tensor, o: Conv2dOptions): Tensor => {
    const l = lowering(x.shape, filter.shape, o, 'conv2d');
    const image = l.g.h.in * l.g.w.in * l.cin;
    const y = core.empty([l.g.batch, l.g.h.out, l.g.w.out, l.cout]);
    arena.begin();
    const [px, pw] = [arena.put(core.f(x)), arena.put(core.f(filter))];
    const pbias = o.bias ? arena.put(core.f(o.bias)) : 0;
    const [py, pcols, pg, scratch] = [arena.alloc(y.size), arena.alloc(l.per * l.pixels * l.row), arena.alloc(14), arena.gemmScratch()];
    eachChunk(arena, l, pg, (n0, count) => {
      k.im2col(px + n0 * image * 4, pcols, pg);
      k.gemm(count * l.pixels, l.cout, l.row, pcols, 0, pw, 0, py + n0 * l.pixels * l.cout * 4, 0, pbias, scratch);
    });
    const ys = core.f(y);
    ys.set(arena.f32(py, y.size));
    applyEpilogue(ys, l.cout, null, o); // the bias is in already
    return y;
  };

  const conv2dGradInput = (dy: Tensor, filter: Tensor, xShape: Shape, o: Conv2dOptions): Tensor => {
    const l = lowering(xShape, filter.shape, o, 'conv2dGradInput');
    const image = l.g.h.in * l.g.w.in * l.cin;
    const dx = core.empty(xShape);
    arena.begin();
    const [pdy, pw] = [arena.put(core.f(dy)), arena.put(core.f(filter))];
    const [pdx, pcols, pg, scratch] = [arena.alloc(dx.size), arena.alloc(l.per * l.pixels * l.row), arena.alloc(14), arena.gemmScratch()];
    arena.f32(pdx, dx.size).fill(0); // col2im adds into it; the memory holds an earlier call's data
    eachChunk(arena, l, pg, (n0, count) => {
      k.gemm(count * l.pixels, l.row, l.cout, pdy + n0 * l.pixels * l.cout * 4, 0, pw, 1, pcols, 0, 0, scratch);
      k.col2im(pcols, pdx + n0 * image * 4, pg);
    });
    core.f(dx).set(arena.f32(pdx, dx.size));
    return dx;
  };

  const conv2dGradFilter = (x: Tensor, dy: Tensor, filterShape: Shape, o: Conv2dOptions): Tensor => {
    const l = lowering(x.shape, filterShape, o, 'conv2dGradFilter');
    const image = l.g.h.in * l.g.w.in * l.cin;
    const dw = core.empty(filterShape);
    arena.begin();
    const [px, pdy] = [arena.put(core.f(x)), arena.put(core.f(dy))];
    const [pdw, pcols, pg, scratch] = [arena.alloc(dw.size), arena.alloc(l.per * l.pixels * l.row), arena.alloc(14), arena.gemmScratch()];
    eachChunk(arena, l, pg, (n0, count) => {
      k.im2col(px + n0 * image * 4, pcols, pg);
      k.gemm(l.row, l.cout, count * l.pixels, pcols, 1, pdy + n0 * l.pixels * l.cout * 4, 0, pdw, n0 > 0 ? 1 : 0, 0, scratch);
    });
    core.f(dw).set(arena.f32(pdw, dw.size));
    return dw;
  };

  return { ...cpuConv(core), conv2d, conv2dGradInput, conv2dGradFilter };
}
