// The benchmark suite: every case measured on our engine and (in the browser) on tfjs,
// interleaved repetition by repetition on the same adapter, after warm-up; medians with
// min/max. Shared by the browser page (bench/page/main.ts) and Node (bench/node-bench.ts).
import type { Backend } from '../../src/engine/backend';
import { cnn3x3Case, cnnCase, mlpCase, mlpWideCase, type TrainCase } from './models';
import { oursGemm, oursTrain } from './ours';
import { median, type BenchOptions, type Row, type Side, type TrainSide } from './types';

/** Factories for the tfjs side (browser only; the Node bench passes null). */
export interface TfjsSides {
  gemm(M: number, N: number, K: number, transA: boolean, transB: boolean): Side;
  train(c: TrainCase): TrainSide;
}

export interface SuiteEnv {
  ours: Backend;
  tfjs: TfjsSides | null;
  options: BenchOptions;
  log(line: string): void;
  /** 'wasm': the CPU comparison (our wasm backend, tfjs-backend-wasm): the WASM_CASES only, rows named `<case> wasm`. */
  variant?: 'wasm';
}

/** The cases the CPU comparison runs (DESIGN.md's names with " wasm"). */
export const WASM_CASES = ['gemm NN 256x256x256', 'mlp adam b64', 'cnn sgd b64'];

export interface SuiteResult {
  rows: Row[];
  /** Loss disagreements and other failures (the runner exits non-zero). */
  failures: string[];
}

interface CaseDef {
  name: string;
  /** FLOPs per iteration, for GFLOP/s. */
  flops: number;
  train: TrainCase | null;
  ours(): Side | TrainSide;
  tfjs: (() => Side | TrainSide) | null;
}

export function caseList(env: SuiteEnv): CaseDef[] {
  const o = env.options;
  const defs: CaseDef[] = [];
  const tf = env.tfjs;
  for (const layout of o.layouts) {
    const tA = layout[0] === 'T';
    const tB = layout[1] === 'T';
    const shapes: [number, number, number][] = o.sizes.map((s) => [s, s, s]);
    // The MLP's shapes as named in DESIGN.md: batch x 784 x 512 (MxNxK).
    for (const batch of o.mlpGemm) shapes.push([batch, 784, 512]);
    shapes.push(...o.shapes);
    for (const [M, N, K] of shapes) {
      defs.push({
        name: `gemm ${layout} ${M}x${N}x${K}`,
        flops: 2 * M * N * K,
        train: null,
        ours: () => oursGemm(env.ours, M, N, K, tA, tB),
        tfjs: tf ? () => tf.gemm(M, N, K, tA, tB) : null,
      });
    }
  }
  const trains: [string, () => TrainCase][] = o.mlpBatches.map((b) => [`mlp adam b${b}`, () => mlpCase(b)]);
  if (o.cnn) trains.push(['cnn sgd b64', () => cnnCase(64)]);
  if (o.bigCases) trains.push(['mlp wide b256', () => mlpWideCase(256)], ...(o.cnn ? [['cnn3x3 sgd b64', () => cnn3x3Case(64)] as [string, () => TrainCase]] : []));
  for (const [name, make] of trains) {
    // Weights and data are generated only for the cases that run.
    let built: TrainCase | null = null;
    const get = () => (built ??= make());
    defs.push({
      name,
      get flops() {
        const c = get();
        return c.stepFlops * c.batch;
      },
      get train() {
        return get();
      },
      ours: () => oursTrain(env.ours, get()),
      tfjs: tf ? () => tf.train(get()) : null,
    });
  }
  if (env.variant === 'wasm') {
    // Built from the WebGPU defaults' case definitions so both sides run the same work.
    const all = caseList({ ...env, variant: undefined, options: { ...o, sizes: [256], layouts: ['NN'], mlpBatches: [64], cnn: true, bigCases: false, only: [] } });
    // tfjs-backend-wasm has no Conv2DBackpropFilter kernel: it cannot train a CNN, so that
    // row is ours only (its tfjs columns stay null).
    const tfjsTrains = (d: CaseDef) => !d.train || !d.train.layers.some((l) => l.type === 'conv2d');
    const wasm = all.filter((d) => WASM_CASES.includes(d.name)).map((d) => Object.assign(d, { name: `${d.name} wasm`, tfjs: tfjsTrains(d) ? d.tfjs : null }));
    return o.only.length ? wasm.filter((d) => o.only.some((s) => d.name.includes(s))) : wasm;
  }
  return o.only.length ? defs.filter((d) => o.only.some((s) => d.name.includes(s))) : defs;
}

// Relative to the loss, or to 1 once the loss falls below 1: late in a check the losses get
// small and two engines' f32 rounding (other summation orders) differ by ~1e-4 absolute,
// which relative to a loss of 0.08 would read as a disagreement. A 2x gradient error still
// moves the losses by far more (loss-check.test.ts).
const relDiff = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1);

/** The loss check's measure: the largest relative difference between two loss curves, step by step. */
export function lossDisagreement(a: readonly number[], b: readonly number[]): number {
  return Math.max(...a.map((x, i) => relDiff(x, b[i])));
}

/** Iterations per repetition so that one repetition lasts about minMs (training: at least minTrainIters). */
function itersFor(msPerIter: number, o: BenchOptions, train: boolean): number {
  const n = Math.max(1, Math.min(o.maxIters, Math.ceil(o.minMs / Math.max(msPerIter, 1e-3))));
  return train ? Math.max(n, o.minTrainIters) : n;
}

export async function runSuite(env: SuiteEnv): Promise<SuiteResult> {
  const o = env.options;
  const rows: Row[] = [];
  const failures: string[] = [];
  const defs = caseList(env);
  env.log(`${defs.length} cases, ${o.reps} repetitions each${env.tfjs ? ', ours and tfjs interleaved' : ' (ours only)'}`);
  for (const def of defs) {
    const t0 = performance.now();
    const ours = def.ours();
    const tf = def.tfjs ? def.tfjs() : null;
    try {
      let lossMaxRelDiff: number | null = null;
      if (def.train && o.checkSteps > 0) {
        const a = await (ours as TrainSide).losses(o.checkSteps);
        if (tf) {
          const b = await (tf as TrainSide).losses(o.checkSteps);
          lossMaxRelDiff = lossDisagreement(a, b);
          const line = `losses ours [${a.map((x) => x.toFixed(5)).join(', ')}] tfjs [${b.map((x) => x.toFixed(5)).join(', ')}]`;
          env.log(`  ${def.name}: ${line}, max relative difference ${lossMaxRelDiff.toExponential(2)}`);
          if (!(lossMaxRelDiff <= o.lossTolerance)) {
            failures.push(`${def.name}: losses diverge (max relative difference ${lossMaxRelDiff.toExponential(2)} > ${o.lossTolerance}): ${line}`);
          }
        } else if (!a.every(Number.isFinite)) failures.push(`${def.name}: non-finite loss ${a.join(', ')}`);
      }
      // Warm-up (pipelines compiled, plan recorded, buffers pooled; the loss check already
      // did it for training cases), then one iteration to calibrate. A calibration run
      // that already lasts minMs counts as the first repetition (slow adapters).
      const oursMs: number[] = [];
      const tfMs: number[] = [];
      const calibrate = async (side: Side, times: number[]) => {
        if (!def.train || o.checkSteps <= 0) await side.run(1);
        const t = await side.run(1);
        const n = itersFor(t, o, def.train !== null);
        if (n === 1) times.push(t);
        return n;
      };
      const nOurs = await calibrate(ours, oursMs);
      const nTf = tf ? await calibrate(tf, tfMs) : 0;
      for (let r = Math.min(oursMs.length, tf ? tfMs.length : oursMs.length); r < o.reps; r++) {
        // Alternate who goes first so drift (thermal, other load) hits both alike.
        const order = r % 2 === 0 ? ['ours', 'tf'] : ['tf', 'ours'];
        for (const who of order) {
          if (who === 'ours' && oursMs.length < o.reps) oursMs.push((await ours.run(nOurs)) / nOurs);
          else if (who === 'tf' && tf && tfMs.length < o.reps) tfMs.push((await tf.run(nTf)) / nTf);
        }
      }
      const oc = ours.lastCounts();
      const tc = tf?.lastCounts() ?? null;
      const om = median(oursMs);
      const tm = tf ? median(tfMs) : null;
      const gf = (ms: number | null) => (ms === null ? null : def.flops / ms / 1e6);
      const row: Row = {
        name: def.name,
        oursMs: om,
        tfjsMs: tm,
        ratio: tm === null ? null : tm / om,
        oursGflops: gf(om),
        tfjsGflops: gf(tm),
        dispatchesPerStep: oc?.dispatches ?? null,
        submitsPerStep: oc?.submits ?? null,
        readbacksPerStep: oc?.readbacks ?? null,
        oursMinMs: Math.min(...oursMs),
        oursMaxMs: Math.max(...oursMs),
        tfjsMinMs: tf ? Math.min(...tfMs) : null,
        tfjsMaxMs: tf ? Math.max(...tfMs) : null,
        oursIters: nOurs,
        tfjsIters: tf ? nTf : null,
        tfjsDispatchesPerStep: tc?.dispatches ?? null,
        tfjsSubmitsPerStep: tc?.submits ?? null,
        tfjsReadbacksPerStep: tc?.readbacks ?? null,
        lossMaxRelDiff,
        ...(env.variant ? { backend: env.variant } : {}),
        ...(def.train ? { params: def.train.model.params.reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0), oursGpuBytes: (ours as TrainSide).gpuBytes?.() ?? null } : {}),
      };
      if (o.profile && def.train) {
        row.oursGpuProfile = (await ours.profile?.()) ?? null;
        row.tfjsGpuProfile = tf ? ((await tf.profile?.()) ?? null) : null;
        row.oursKernels = (await (ours as TrainSide).kernels?.()) ?? null;
      }
      rows.push(row);
      env.log(`${formatRow(row)}   (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (e) {
      failures.push(`${def.name}: ${e instanceof Error ? e.message : String(e)}`);
      env.log(`${def.name}: FAILED ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    } finally {
      ours.dispose();
      tf?.dispose();
    }
  }
  return { rows, failures };
}

const f = (x: number | null | undefined, d: number) => (x === null || x === undefined ? '-' : x.toFixed(d));

export function formatRow(r: Row): string {
  return [
    r.name.padEnd(26),
    `${f(r.oursMs, 3).padStart(10)}`,
    `${f(r.tfjsMs, 3).padStart(10)}`,
    `${f(r.ratio, 2).padStart(6)}`,
    `${f(r.oursGflops, 2).padStart(9)}`,
    `${f(r.tfjsGflops, 2).padStart(9)}`,
    `${f(r.dispatchesPerStep, 1).padStart(6)}`,
    `${f(r.submitsPerStep, 2).padStart(6)}`,
    `${f(r.readbacksPerStep, 2).padStart(5)}`,
    `${f(r.tfjsDispatchesPerStep, 1).padStart(6)}`,
    `${f(r.tfjsSubmitsPerStep, 2).padStart(6)}`,
  ].join(' ');
}

export function formatTable(rows: Row[]): string {
  const head = [
    'case'.padEnd(26),
    'ours ms'.padStart(10),
    'tfjs ms'.padStart(10),
    'ratio'.padStart(6),
    'ours GF/s'.padStart(9),
    'tfjs GF/s'.padStart(9),
    'disp'.padStart(6),
    'subm'.padStart(6),
    'read'.padStart(5),
    'tfDisp'.padStart(6),
    'tfSubm'.padStart(6),
  ].join(' ');
  const spread = rows.map(
    (r) =>
      `  ${r.name}: ours ${f(r.oursMinMs, 3)}..${f(r.oursMaxMs, 3)} ms x${r.oursIters}` +
      (r.tfjsMs === null ? '' : `, tfjs ${f(r.tfjsMinMs, 3)}..${f(r.tfjsMaxMs, 3)} ms x${r.tfjsIters}`) +
      (r.lossMaxRelDiff === null ? '' : `, loss rel diff ${r.lossMaxRelDiff.toExponential(1)}`),
  );
  return [head, ...rows.map(formatRow), '', 'spread (min..max per iteration, iterations per sync):', ...spread].join('\n');
}

export function formatProfiles(rows: Row[]): string {
  const out: string[] = [];
  for (const r of rows) {
    if (!r.oursGpuProfile && !r.tfjsGpuProfile) continue;
    const p = r.oursGpuProfile;
    const total = p ? Object.values(p).reduce((a, b) => a + b, 0) : null;
    out.push(
      `${r.name}: ours GPU ${f(total, 3)} ms/step` +
        (p ? ` (${Object.entries(p).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')})` : '') +
        (r.tfjsGpuProfile ? `; tfjs GPU ${f(r.tfjsGpuProfile.total, 3)} ms/step` : ''),
    );
    if (r.oursKernels) {
      const top = Object.entries(r.oursKernels).sort((a, b) => b[1] - a[1]).slice(0, 8);
      for (const [k, v] of top) out.push(`    ${v.toFixed(3).padStart(10)} ms  ${k}`);
    }
  }
  return out.join('\n');
}
