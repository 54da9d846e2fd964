// Timing GPU kernels from Node: many dispatches per submit, wait for onSubmittedWorkDone,
// after a warm-up; the median of several repetitions. With timestamp queries the GPU time
// per dispatch is reported too (the runtime's profiler).
import type { WebGpuBackend } from '../src/engine/webgpu/backend';

export interface Timing {
  /** Wall-clock milliseconds per dispatch (median over repetitions). */
  ms: number;
  /** GPU milliseconds per dispatch from timestamp queries, or null without them. */
  gpuMs: number | null;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Times `encode` (which queues one dispatch of family `family`). The number of dispatches
 * per submit grows until one repetition takes at least `minMs`.
 */
export async function timeKernel(
  backend: WebGpuBackend,
  encode: () => void,
  family: string,
  { reps = 5, minMs = 50, maxPerSubmit = 256 } = {},
): Promise<Timing> {
  const run = async (n: number) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) encode();
    await backend.sync();
    return performance.now() - t0;
  };
  await run(1); // compile + warm up
  const times: number[] = [];
  let n = 1;
  for (let t = await run(n); ; t = await run(n)) {
    if (t >= minMs || n >= maxPerSubmit) {
      times.push(t / n); // a slow kernel (SwiftShader): this run already counts
      break;
    }
    n = Math.min(maxPerSubmit, n * 2);
  }
  while (times.length < reps) times.push((await run(n)) / n);
  let gpuMs: number | null = null;
  if (backend.rt.startProfile()) {
    const count = Math.min(n, 8);
    for (let r = 0; r < count; r++) encode();
    backend.flush();
    const totals = await backend.rt.stopProfile();
    gpuMs = (totals.get(family) ?? 0) / count;
  }
  return { ms: median(times), gpuMs };
}
