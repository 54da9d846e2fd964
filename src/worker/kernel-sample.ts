// The live "GPU time per kernel" panel's numbers: each kernel sample of the user's own run
// (src/train/kernel-sampler.ts) with the run's throughput around it, as the page shows a
// measured kernels result. Sampling every few hundred steps costs one slower step in that
// many, which the throughput window leaves out.
import type { KernelSample } from '../train/kernel-sampler';
import type { ProgressMetrics } from '../train/types';
import { groupKernelTimes } from './kernel-groups';
import type { AdapterReport } from './protocol';
import type { KernelsResult } from './speed-protocol';

export { KERNEL_SAMPLE_EVERY } from './speed-protocol';

/** `rates`: the run's latest timed progress report (its wall-clock ms and counters per step). */
export function liveKernelsResult(sample: KernelSample, adapter: AdapterReport, batchSize: number, rates: ProgressMetrics | null): KernelsResult {
  return {
    kind: 'kernels', adapter, batchSize, live: { step: sample.step },
    timing: sample.times ? groupKernelTimes(sample.times) : null,
    msPerStep: rates?.msPerStep ?? 0, dispatchesPerStep: rates?.dispatchesPerStep ?? 0,
    submitsPerStep: rates?.submitsPerStep ?? 0, readbacksPerStep: rates?.readbacksPerStep ?? 0,
  };
}
