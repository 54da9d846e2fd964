// Messages of the page's speed views (src/ui/speed) to and from the worker (speed.ts).
// Every figure in a result was measured in that job, on the adapter it names.
import type { AdapterReport } from './protocol';
import type { DispatchTime, GroupTime } from './kernel-groups';

export type { DispatchTime, GroupTime };
export type LabKernelName = 'naive' | 'tiled' | 'register';
export type LabLayoutName = 'NN' | 'NT' | 'TN';

export type SpeedJob =
  /** GPU time per kernel family of the current experiment's step. */
  | { kind: 'kernels' }
  /** The current experiment on WebGPU then on the CPU, from the seed's initial weights. */
  | { kind: 'race'; steps: number; seconds: number }
  | { kind: 'gemm'; sizes: number[]; layouts: LabLayoutName[] }
  /** `budgetBytes`: the page's memory budget (checkBudget); the sweep stops above it. */
  | { kind: 'sweep'; batches: number[]; budgetBytes: number };

export type SpeedKind = SpeedJob['kind'];

/** Steps between two timed steps of a run in the page (the live "GPU time per kernel", kernel-sample.ts). */
export const KERNEL_SAMPLE_EVERY = 300;

export interface KernelsResult {
  kind: 'kernels';
  adapter: AdapterReport;
  batchSize: number;
  /** Sampled from the user's own run at this step (src/worker/kernel-sample.ts); absent: measured on demand on a copy. */
  live?: { step: number };
  /** Null where the adapter cannot time kernels (no 'timestamp-query') or on the CPU. */
  timing: { groups: GroupTime[]; slowest: DispatchTime[]; totalMs: number } | null;
  /** Wall clock and counters per step over the measured steps. */
  msPerStep: number;
  dispatchesPerStep: number;
  submitsPerStep: number;
  readbacksPerStep: number;
}

export interface RaceLane {
  adapter: AdapterReport;
  steps: number;
  seconds: number;
  samplesPerSec: number;
  msPerStep: number;
  losses: { step: number; loss: number }[];
}

export interface RaceResult {
  kind: 'race';
  batchSize: number;
  gpu: RaceLane;
  cpu: RaceLane;
}

export interface GemmRow {
  kernel: LabKernelName;
  layout: LabLayoutName;
  size: number;
  /** Null when the kernel's result did not match the CPU's ("wrong result"). */
  gflops: number | null;
  ms: number | null;
  maxError: number;
  timedBy: 'timestamp queries' | 'wall clock';
}

export interface GemmResult {
  kind: 'gemm';
  adapter: AdapterReport;
  rows: GemmRow[];
}

export interface SweepRow {
  batch: number;
  /** Null when the batch was not run (`skipped` says why). */
  samplesPerSec: number | null;
  msPerStep: number | null;
  firstLoss: number | null;
  cpuFirstLoss: number | null;
  skipped?: string;
}

export interface SweepResult {
  kind: 'sweep';
  adapter: AdapterReport;
  rows: SweepRow[];
}

export type SpeedResult = KernelsResult | RaceResult | GemmResult | SweepResult;

export type SpeedMessage =
  | { type: 'speedProgress'; kind: SpeedKind; text: string }
  | { type: 'speedResult'; result: SpeedResult }
  | { type: 'speedError'; kind: SpeedKind; message: string };
