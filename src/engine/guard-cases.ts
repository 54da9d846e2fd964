// Cases of the step guard shared by its CPU test and its GPU-vs-CPU test: what each step of
// a short sequence feeds the guard, and what must come out.
import type { Backend, UniformBlock } from './backend';
import { GUARD_WORDS, readGuardFlag, type GuardFlag } from './kernels/guard';
import { OPTIMIZER_RULES, OPTIMIZER_STATE_SLOTS, OPTIM_HYPER } from './kernels/optim';
import { Rng } from './random';
import type { Tensor } from './tensor';

/** One call: the step's loss and Σg², its 0-based stream, and a clip factor if clipping. */
export interface GuardCall {
  loss: number;
  sumSq: number;
  stream: number;
  clip?: number;
}

export interface GuardResult {
  flag: GuardFlag;
  scale: number;
  live: number[];
}

/** Runs `calls` through guardStep with a restore pair of `restoreSize` values; reads each result. */
export async function runGuard(b: Backend, calls: GuardCall[], restoreSize: number): Promise<GuardResult[]> {
  const rng = new Rng(restoreSize + 1);
  const metrics = b.allocFlat([[3], [GUARD_WORDS.count]]);
  const words = metrics.views[1];
  const block: UniformBlock = b.createUniforms(4);
  const live = b.upload(Array.from({ length: restoreSize }, () => rng.range(-1, 1)), [restoreSize]);
  const backup = b.zeros([restoreSize]);
  const out: GuardResult[] = [];
  for (const c of calls) {
    block.u32[1] = c.stream;
    block.sync();
    b.copy(live, backup); // the start of the step
    b.write(live, Array.from({ length: restoreSize }, () => rng.range(-1, 1))); // its forward pass
    const scale = b.guardStep(b.upload([c.loss], [1]), b.upload([c.sumSq], [1]), words, { block, index: 1 }, {
      scale: c.clip === undefined ? undefined : b.upload([c.clip], [1]),
      restore: { live, backup },
    });
    const all = (await b.read(metrics.flat)) as Float32Array;
    out.push({ flag: readGuardFlag(all, metrics.offsets[1]), scale: (await b.read(scale))[0], live: Array.from(await b.read(live)) });
  }
  return out;
}

export const FINITE_EXTREMES = [3.4028234663852886e38, -3.4028234663852886e38, 1e-45, 0, -0];

/** A finite start, a NaN loss at stream 4 (step 5), then finite values again: sticky. */
export const NAN_LOSS_SEQUENCE: GuardCall[] = [
  { loss: 0.7, sumSq: 2, stream: 3 },
  { loss: NaN, sumSq: 2, stream: 4, clip: 0.5 },
  { loss: 0.6, sumSq: 1, stream: 5, clip: 0.25 },
];

/**
 * Every optimizer rule with gradScale exactly 0 leaves params and state bit for bit as they
 * were, weight decay and l1/l2 included. Returns the rules that changed something.
 */
export async function rulesThatMoveAtZeroScale(b: Backend): Promise<string[]> {
  const rng = new Rng(9);
  const n = 17;
  const values = () => Array.from({ length: n }, () => rng.range(-1, 1));
  const moved: string[] = [];
  const hyper = b.createUniforms(OPTIM_HYPER.words);
  hyper.f32.set([0.1, 0.9, 0.9, 0.999, 1e-8, 0.05, 0.01, 0.02, 1, 0.99]);
  hyper.sync();
  for (const rule of OPTIMIZER_RULES) {
    const params = b.upload(values(), [n]);
    const state: Tensor[] = Array.from({ length: OPTIMIZER_STATE_SLOTS[rule] }, () => b.upload(values().map(Math.abs), [n]));
    const before = await Promise.all([params, ...state].map((t) => b.read(t)));
    b.optimizerStep(rule, params, b.upload(values(), [n]), state, hyper, b.upload([0], [1]));
    const after = await Promise.all([params, ...state].map((t) => b.read(t)));
    if (after.some((a, i) => a.some((v, k) => !Object.is(v, before[i][k])))) moved.push(rule);
  }
  return moved;
}

/** Losses recorded into 4 slots by steps at streams 2, 0, 5 (past the end: not kept) and 1. */
export const RECORD_CALLS = [{ stream: 2, loss: 0.25 }, { stream: 0, loss: 1.5 }, { stream: 5, loss: 9 }, { stream: 1, loss: -0.125 }];
export const RECORDED = [1.5, -0.125, 0.25, 0];

/** Runs RECORD_CALLS through guardStep with a 4-slot record; returns the record. */
export async function runRecord(b: Backend): Promise<number[]> {
  const words = b.zeros([GUARD_WORDS.count]);
  const record = b.zeros([4]);
  const block: UniformBlock = b.createUniforms(4);
  for (const c of RECORD_CALLS) {
    block.u32[1] = c.stream;
    block.sync();
    b.guardStep(b.upload([c.loss], [1]), b.upload([1], [1]), words, { block, index: 1 }, { record });
  }
  return Array.from(await b.read(record));
}
