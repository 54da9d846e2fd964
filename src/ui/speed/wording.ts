// The speed views' sentences and ranges, kept apart from the components so they are tested.
import { formatNumber } from '../format';

/** "WebGPU 14.2× faster on this model, batch 64" (or slower), from the two measured rates. */
export function raceVerdict(gpu: number, cpu: number, batch: number): string {
  if (!(gpu > 0) || !(cpu > 0)) return 'One side was not timed (too few steps): raise the step count.';
  return gpu >= cpu
    ? `WebGPU ${formatNumber(gpu / cpu)}× faster on this model, batch ${batch}`
    : `WebGPU ${formatNumber(cpu / gpu)}× slower than the CPU on this model, batch ${batch}`;
}

/** Powers of two the sweep offers: 1 … 1024. */
export const SWEEP_BATCHES = Array.from({ length: 11 }, (_, i) => 2 ** i);

/** The powers of two from `from` to `to` (either order). */
export function batchRange(from: number, to: number): number[] {
  return SWEEP_BATCHES.filter((b) => b >= Math.min(from, to) && b <= Math.max(from, to));
}
