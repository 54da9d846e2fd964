// Shared types of the side-by-side benchmark (bench/run.ts in the browser, bench/node-bench.ts
// on Dawn): the options, one measurable side (ours or tfjs), and the result row whose field
// names are fixed by the Benchmark contract in DESIGN.md.

export interface Counts {
  dispatches: number;
  submits: number;
  readbacks: number;
}

/** One engine's implementation of a case. */
export interface Side {
  /**
   * Runs `n` iterations (GEMMs or training steps) back to back and waits until the GPU is
   * done with them (one sync at the end, no readback); returns the wall-clock milliseconds.
   */
  run(n: number): Promise<number>;
  /** Work counted during the last run(), or null when this side cannot count. */
  lastCounts(): Counts | null;
  /** GPU milliseconds of one iteration per kernel family (timestamp queries), when available. */
  profile?(): Promise<Record<string, number> | null>;
  dispose(): void;
}

/** A training side can also report its loss, step by step, for the agreement check. */
export interface TrainSide extends Side {
  /** Ours: GPU bytes the step holds, measured after the last run (null where unknown). */
  gpuBytes?(): number | null;
  /** Runs `k` steps and returns the loss each one computed (before its update). */
  losses(k: number): Promise<number[]>;
  /** GPU ms of each dispatch of one step, by kernel (ours only). */
  kernels?(): Promise<Record<string, number> | null>;
}

export interface BenchOptions {
  /** Square GEMM sizes. */
  sizes: number[];
  layouts: string[];
  /** GEMM at the MLP's first-layer shapes, Bx784x512 for these batch sizes (64, 1024). */
  mlpGemm: number[];
  /** Extra GEMMs as [M, N, K], run in every layout (e.g. the MLP's weight gradient 784x512x64). */
  shapes: [number, number, number][];
  /** MLP training batch sizes. */
  mlpBatches: number[];
  cnn: boolean;
  /** Only cases whose name contains one of these (empty: all). */
  only: string[];
  /** Timed repetitions per side (medians reported, min/max kept). */
  reps: number;
  /** Aim for at least this many milliseconds per timed repetition (more iterations per sync). */
  minMs: number;
  maxIters: number;
  /** Training cases: at least this many steps per timed repetition (one step is too short to time). */
  minTrainIters: number;
  /** The rows where tfjs is strongest and that take minutes on a software adapter: `mlp wide b256`, `cnn3x3 sgd b64`. */
  bigCases: boolean;
  /** In the browser: also our wasm backend against tfjs-backend-wasm, rows `<case> wasm`. */
  wasm: boolean;
  /** Training steps compared for the loss agreement check. */
  checkSteps: number;
  /** Fail when the relative loss difference exceeds this. */
  lossTolerance: number;
  /** Per-family GPU time of one training step (timestamp queries). */
  profile: boolean;
}

/** Every case the contract names (a real GPU runs these in seconds). */
export const DEFAULT_OPTIONS: BenchOptions = {
  sizes: [256, 512, 1024, 2048],
  layouts: ['NN', 'NT', 'TN'],
  mlpGemm: [64, 1024],
  mlpBatches: [64, 1024],
  shapes: [],
  cnn: true,
  only: [],
  reps: 5,
  minMs: 100,
  maxIters: 400,
  minTrainIters: 20,
  bigCases: true,
  wasm: true,
  // 20 steps: long enough that a gradient off by 2x moves an SGD loss curve far past the
  // tolerance (bench/cases/loss-check.test.ts); two steps were not.
  checkSteps: 20,
  lossTolerance: 1e-3,
  profile: true,
};

/**
 * On a software adapter (SwiftShader, about 0.2-1 GFLOP/s) the defaults shrink so a run
 * takes minutes: no batch-1024 cases, no GEMM above 512, three repetitions. Options given
 * on the command line (or --full) win.
 */
export const SOFTWARE_DEFAULTS: Partial<BenchOptions> = {
  sizes: [256, 512],
  mlpGemm: [64],
  mlpBatches: [64],
  reps: 3,
  bigCases: false,
};

export function resolveOptions(given: Partial<BenchOptions>, software: boolean): BenchOptions {
  return { ...DEFAULT_OPTIONS, ...(software ? SOFTWARE_DEFAULTS : {}), ...given };
}

/** One line of the results; fields up to readbacksPerStep are the fixed contract. */
export interface Row {
  name: string;
  oursMs: number;
  tfjsMs: number | null;
  /** tfjsMs / oursMs: above 1 means we are faster. */
  ratio: number | null;
  oursGflops: number | null;
  tfjsGflops: number | null;
  /** Ours, per iteration (GEMM) or per training step, from backend.counters() deltas. */
  dispatchesPerStep: number | null;
  submitsPerStep: number | null;
  readbacksPerStep: number | null;
  oursMinMs: number;
  oursMaxMs: number;
  tfjsMinMs: number | null;
  tfjsMaxMs: number | null;
  /** Iterations per timed repetition (each repetition ends in one sync). */
  oursIters: number;
  tfjsIters: number | null;
  /** tfjs's own work per iteration, counted by wrapping the WebGPU API in the page. */
  tfjsDispatchesPerStep: number | null;
  tfjsSubmitsPerStep: number | null;
  tfjsReadbacksPerStep: number | null;
  /** Training rows: max relative difference of the losses of the first steps. */
  lossMaxRelDiff: number | null;
  /** The CPU rows (`<case> wasm`): "wasm" (our WebAssembly backend against tfjs-backend-wasm); absent: WebGPU. */
  backend?: 'wasm';
  /** Training rows: trainable parameters of the model. */
  params?: number;
  /** Training rows: every byte of GPU memory our step holds (weights, gradients, optimizer state, data, activations; the pool's idle buffers and diagnostics excluded). */
  oursGpuBytes?: number | null;
  /** Training rows: GPU ms of one step per kernel family (ours; timestamp queries). */
  oursGpuProfile?: Record<string, number> | null;
  tfjsGpuProfile?: Record<string, number> | null;
  /** Training rows: GPU ms of each of our dispatches in one step, by pipeline label [workgroups]. */
  oursKernels?: Record<string, number> | null;
}

export interface BenchMeta {
  adapter: string;
  adapterInfo?: unknown;
  tfjsAdapter?: string | null;
  browser: string;
  commit: string;
  date: string;
  repetitions: number;
  mode: 'browser' | 'node';
  options: BenchOptions;
  command?: string;
}

export interface BenchResult {
  meta: BenchMeta;
  rows: Row[];
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Parses the flags shared by bench/run.ts and bench/node-bench.ts into the options given
 * explicitly (resolveOptions fills the rest once the adapter is known). Unknown --flags
 * land in `rest` for the runner.
 */
export function parseOptions(argv: string[]): { given: Partial<BenchOptions>; json?: string; rest: Map<string, string | true> } {
  const o: Partial<BenchOptions> = {};
  const rest = new Map<string, string | true>();
  let json: string | undefined;
  const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);
  const nums = (v: string) =>
    list(v).map((s) => {
      const n = Number(s);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`Not a positive number: ${s}`);
      return n;
    });
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const needs = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value.`);
      return v;
    };
    switch (flag) {
      case '--json': json = needs(); break;
      case '--sizes': o.sizes = nums(needs()); break;
      case '--layouts': o.layouts = list(needs()).map((s) => s.toUpperCase()); break;
      case '--mlp-gemm': o.mlpGemm = nums(needs()); break;
      case '--no-mlp-gemm': o.mlpGemm = []; break;
      case '--batches': o.mlpBatches = nums(needs()); break;
      case '--shapes':
        o.shapes = list(needs()).map((t) => {
          const d = t.split('x').map(Number);
          if (d.length !== 3 || d.some((x) => !Number.isInteger(x) || x <= 0)) throw new Error(`--shapes wants MxNxK, got ${t}`);
          return d as [number, number, number];
        });
        break;
      case '--no-cnn': o.cnn = false; break;
      case '--no-big': o.bigCases = false; break;
      case '--no-wasm': o.wasm = false; break;
      case '--only': o.only = list(needs()); break;
      case '--reps': o.reps = nums(needs())[0]; break;
      case '--min-ms': o.minMs = nums(needs())[0]; break;
      case '--max-iters': o.maxIters = nums(needs())[0]; break;
      case '--check-steps': o.checkSteps = Number(needs()); break;
      case '--min-train-iters': o.minTrainIters = nums(needs())[0]; break;
      case '--loss-tolerance': o.lossTolerance = nums(needs())[0]; break;
      case '--no-profile': o.profile = false; break;
      case '--full':
        Object.assign(o, { sizes: DEFAULT_OPTIONS.sizes, mlpGemm: DEFAULT_OPTIONS.mlpGemm, mlpBatches: DEFAULT_OPTIONS.mlpBatches, bigCases: true, ...o });
        break;
      default:
        if (flag.startsWith('--')) {
          const next = argv[i + 1];
          if (next !== undefined && !next.startsWith('--')) rest.set(flag, argv[++i]);
          else rest.set(flag, true);
        } else throw new Error(`Unexpected argument: ${flag}`);
    }
  }
  for (const l of o.layouts ?? []) if (!['NN', 'NT', 'TN'].includes(l)) throw new Error(`Unknown layout ${l} (NN, NT, TN).`);
  return { given: o, json, rest };
}
