// The GEMM lab: GFLOP/s of the naive, workgroup-tiled and register-tiled kernels
// (src/engine/webgpu/gemm-lab.ts) on the user's GPU at the sizes and layouts asked for.
// Each kernel's result is first checked against the CPU reference GEMM; a kernel that
// disagrees gets no speed. Times are medians of a few runs after a warm-up, from
// timestamp queries where the adapter has them, else wall clock around
// onSubmittedWorkDone (backend.sync).
import { createCpuBackend } from '../engine/cpu/backend';
import { Rng } from '../engine/random';
import type { Backend } from '../engine/backend';
import { LAB_FAMILY, LAB_KERNELS, labGemmOn, labShapes, type LabGemm, type LabKernel } from '../engine/webgpu/gemm-lab';
import type { AdapterReport } from './protocol';
import type { GemmResult, GemmRow, LabLayoutName } from './speed-protocol';

const REPS = 5;
/** Dispatches per timed run grow until one run takes this long (wall clock). */
const MIN_RUN_MS = 20;
const MAX_PER_RUN = 64;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Largest error relative to the result's scale; f32 dot products of K terms in another order. */
function maxError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let scale = 1;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  let err = 0;
  for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs(got[i] - want[i]) / scale);
  return got.length === want.length ? err : Infinity;
}

export const errorTolerance = (K: number) => 1e-5 * Math.sqrt(K) + 1e-5;

/** Milliseconds per dispatch of `encode` (median of REPS runs after a warm-up). */
async function timeDispatch(gpu: Backend, encode: () => void, kernel: LabKernel): Promise<{ ms: number; timedBy: GemmRow['timedBy'] }> {
  const run = async (n: number) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) encode();
    await gpu.sync();
    return performance.now() - t0;
  };
  await run(1); // pipeline creation and warm-up
  let n = 1;
  while (n < MAX_PER_RUN && (await run(n)) < MIN_RUN_MS) n *= 2;
  const timed = async () => {
    const totals = await gpu.profile(() => { for (let i = 0; i < n; i++) encode(); });
    return totals && (totals.get(LAB_FAMILY[kernel]) ?? 0) / n;
  };
  if ((await timed()) !== null) {
    const times: number[] = [];
    for (let r = 0; r < REPS; r++) times.push((await timed()) ?? 0);
    if (times.every((t) => t > 0)) return { ms: median(times), timedBy: 'timestamp queries' };
  }
  const times: number[] = [];
  for (let r = 0; r < REPS; r++) times.push((await run(n)) / n);
  return { ms: median(times), timedBy: 'wall clock' };
}

export async function runGemmLab(gpu: Backend, adapter: AdapterReport, sizes: number[], layouts: LabLayoutName[], progress: (text: string) => void): Promise<GemmResult> {
  const cpu = createCpuBackend('f32');
  const rows: GemmRow[] = [];
  try {
    for (const layout of layouts) {
      for (const size of sizes) {
        const g: LabGemm = { M: size, N: size, K: size, layout };
        const shapes = labShapes(g);
        const rng = new Rng(size * 31 + layouts.indexOf(layout));
        const values = [shapes.a, shapes.b].map((s) => Float32Array.from({ length: s[0] * s[1] }, () => rng.range(-1, 1)));
        progress(`${layout} ${size}: the CPU reference…`);
        const ref = cpu.matmul(cpu.upload(values[0], shapes.a), cpu.upload(values[1], shapes.b), { transA: layout[0] === 'T', transB: layout[1] === 'T' });
        const want = await cpu.read(ref);
        ref.dispose();
        const a = gpu.upload(values[0], shapes.a);
        const b = gpu.upload(values[1], shapes.b);
        const out = gpu.zeros([size, size]);
        try {
          for (const kernel of LAB_KERNELS) {
            progress(`${layout} ${size}: ${kernel} kernel…`);
            const encode = labGemmOn(gpu, kernel, g, a, b, out);
            gpu.zero(out);
            encode();
            const error = maxError(await gpu.read(out), want);
            if (!(error <= errorTolerance(size))) {
              rows.push({ kernel, layout, size, gflops: null, ms: null, maxError: error, timedBy: 'wall clock' });
              continue;
            }
            const { ms, timedBy } = await timeDispatch(gpu, encode, kernel);
            rows.push({ kernel, layout, size, ms, gflops: (2 * size ** 3) / (ms * 1e6), maxError: error, timedBy });
          }
        } finally {
          for (const t of [a, b, out]) t.dispose();
        }
      }
    }
  } finally {
    cpu.dispose();
  }
  return { kind: 'gemm', adapter, rows };
}
