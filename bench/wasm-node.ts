// npm run bench:wasm -- [--json FILE] [--reps N] [--iters N] [--no-torch] [--no-big] [--allow-dirty]
//                       [--threads N] [--size N]
//                       [--profile]   (ms per kernel of each training step on wasm, then exit)
//
// --threads N: the wasm backend's GEMM on N threads (worker_threads over shared memory,
// src/engine/wasm/threads.ts; default 1); --size N: the GEMM case is N×N×N (default 256).
//
// The CPU backends in Node, one thread (the wasm one: --threads): the wasm backend (WebAssembly SIMD GEMM and conv)
// beside the TypeScript reference (`cpu`) and PyTorch on one CPU thread (/usr/bin/python3,
// Debian's python3-torch, torch.set_num_threads(1)). Cases: the training step of MLP
// 784-128-10 and of the suite's MLP 784-512-512-10 (`mlp adam b64`), Adam, batch 64, from the
// same initial weights and data on every side (losses checked against the reference's),
// and GEMM NN 256x256x256. Medians of --reps repetitions of --iters steps (GEMM: ~200 ms),
// cpu and wasm interleaved; PyTorch runs after them in its own process.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Backend } from '../src/engine/backend';
import { createCpuBackend } from '../src/engine/cpu/backend';
import { createWasmBackend, openWasmBackend } from '../src/engine/wasm/backend';
import { dirtyRefusal, gitCommit } from './cases/git';
import { clockKernels } from './cases/cpu-clock';
import { cnnCase, mlpCase, smallMlpCase, type TrainCase } from './cases/models';
import { oursGemm, oursTrain } from './cases/ours';
import { lossDisagreement } from './cases/suite';
import { median } from './cases/types';

type Side = 'cpu' | 'wasm' | 'pytorch';

interface Row {
  /** `<case> <side>`, e.g. `mlp adam b64 wasm`, `gemm NN 256x256x256 wasm`. */
  name: string;
  backend: Side;
  model: string;
  ms: number;
  minMs: number;
  maxMs: number;
  iters: number;
  gflops: number;
  /** The reference's ms / this side's: how many times faster than `cpu`. */
  speedupVsCpu: number | null;
  /** PyTorch's ms / this side's: above 1 means faster than PyTorch on one thread. */
  ratioVsPytorch: number | null;
  /** Training: largest relative difference of the first checkSteps losses from the reference's. */
  lossMaxRelDiff: number | null;
}

const argv = process.argv.slice(2).filter((a) => a !== '--');
const value = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
const opt = {
  json: value('--json'),
  reps: Number(value('--reps') ?? 5),
  iters: Number(value('--iters') ?? 20),
  checkSteps: 20,
  torch: !argv.includes('--no-torch'),
  big: !argv.includes('--no-big'),
  allowDirty: argv.includes('--allow-dirty'),
  profile: argv.includes('--profile'),
  threads: Number(value('--threads') ?? 1),
  size: Number(value('--size') ?? 256),
};

/** The wasm backend with --threads threads (it must get them all: a figure for N threads is measured on N). */
async function wasmBackend(): Promise<Backend> {
  if (opt.threads <= 1) return createWasmBackend();
  const o = await openWasmBackend(opt.threads);
  if (o.threads !== opt.threads) throw new Error(`asked for ${opt.threads} threads, got ${o.threads}`);
  return o.backend;
}

const BACKENDS: [Exclude<Side, 'pytorch'>, () => Backend | Promise<Backend>][] = [['cpu', () => createCpuBackend('f32')], ['wasm', wasmBackend]];
const GEMM: [number, number, number] = [opt.size, opt.size, opt.size];

interface Timed { ms: number[]; iters: number; losses?: number[] }

/**
 * Both backends' repetitions interleaved, who goes first alternating, so other work on the
 * machine slows both alike. Training: the loss check's steps first (they warm up too).
 */
async function timeBackends(build: (b: Backend) => { run(n: number): Promise<number>; losses?(k: number): Promise<number[]>; dispose(): void }, train: boolean): Promise<Map<Side, Timed>> {
  const sides = await Promise.all(BACKENDS.map(async ([name, make]) => ({ name, side: build(await make()), ms: [] as number[], iters: opt.iters, losses: undefined as number[] | undefined })));
  try {
    for (const s of sides) {
      if (train) s.losses = await s.side.losses!(opt.checkSteps);
      const once = await s.side.run(train ? 2 : 1);
      // GEMM: about 200 ms per repetition; training: --iters steps.
      if (!train) s.iters = Math.max(1, Math.min(400, Math.ceil(200 / Math.max(once, 1e-3))));
    }
    for (let r = 0; r < opt.reps; r++) {
      for (const s of r % 2 ? [...sides].reverse() : sides) s.ms.push((await s.side.run(s.iters)) / s.iters);
    }
    return new Map(sides.map((s) => [s.name, { ms: s.ms, iters: s.iters, losses: s.losses }]));
  } finally {
    for (const s of sides) s.side.dispose();
  }
}

/** PyTorch's side of every case in one /usr/bin/python3 run (bench/torch-cpu.py), or null when it cannot run. */
function torchSide(cases: TrainCase[], gemmIters: number): Map<string, Timed> | null {
  const dir = mkdtempSync(join(tmpdir(), 'bench-torch-'));
  try {
    const mlp = cases.map((c, i) => {
      const d = join(dir, `case${i}`);
      mkdirSync(d);
      writeFileSync(join(d, 'x.f32'), new Uint8Array(c.x.buffer, c.x.byteOffset, c.x.byteLength));
      writeFileSync(join(d, 'y.u32'), new Uint8Array(c.y.buffer, c.y.byteOffset, c.y.byteLength));
      const dense = c.weights.filter((w) => w.name.endsWith('.weight'));
      dense.forEach((w, k) => {
        const b = c.weights.find((x) => x.name === w.name.replace('.weight', '.bias'))!;
        writeFileSync(join(d, `w${k}.f32`), new Uint8Array(w.values.buffer, w.values.byteOffset, w.values.byteLength));
        writeFileSync(join(d, `b${k}.f32`), new Uint8Array(b.values.buffer, b.values.byteOffset, b.values.byteLength));
      });
      const layers = dense.map((w, k) => [w.shape[0], w.shape[1], k < dense.length - 1 ? 'relu' : null]);
      return { name: c.name, layers, dir: d, batch: c.batch, batches: c.batches, lr: c.lr, checkSteps: opt.checkSteps, iters: opt.iters };
    });
    const spec = join(dir, 'spec.json');
    writeFileSync(spec, JSON.stringify({ threads: 1, reps: opt.reps, mlp, gemm: [[...GEMM, gemmIters]] }));
    const r = spawnSync('/usr/bin/python3', [resolve('bench/torch-cpu.py'), spec], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) {
      console.error(`PyTorch side failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr.slice(-2000)}`);
      return null;
    }
    const out = JSON.parse(r.stdout) as { torch: string; threads: number; mlp: { name: string; msPerIter: number[]; losses: number[] }[]; gemm: { name: string; msPerIter: number[] }[] };
    torchVersion = `${out.torch}, ${out.threads} thread`;
    const m = new Map<string, Timed>();
    for (const c of out.mlp) m.set(c.name, { ms: c.msPerIter, iters: opt.iters, losses: c.losses });
    for (const g of out.gemm) m.set(g.name, { ms: g.msPerIter, iters: gemmIters });
    return m;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
let torchVersion: string | null = null;

function rowsOf(name: string, model: string, flops: number, sides: Map<Side, Timed>): Row[] {
  const cpuMs = sides.has('cpu') ? median(sides.get('cpu')!.ms) : null;
  const torchMs = sides.has('pytorch') ? median(sides.get('pytorch')!.ms) : null;
  const ref = sides.get('cpu')?.losses;
  return [...sides].map(([backend, t]) => {
    const ms = median(t.ms);
    return {
      name: `${name} ${backend}`, backend, model, ms, minMs: Math.min(...t.ms), maxMs: Math.max(...t.ms), iters: t.iters,
      gflops: flops / ms / 1e6,
      speedupVsCpu: cpuMs === null ? null : cpuMs / ms,
      ratioVsPytorch: torchMs === null ? null : torchMs / ms,
      lossMaxRelDiff: t.losses && ref ? lossDisagreement(t.losses, ref) : null,
    };
  });
}

const f = (x: number | null, d: number) => (x === null ? '-' : x.toFixed(d));

function table(rows: Row[]): string {
  const head = `${'case'.padEnd(38)} ${'ms'.padStart(9)} ${'GFLOP/s'.padStart(8)} ${'x cpu'.padStart(7)} ${'vs torch'.padStart(8)} ${'loss diff'.padStart(9)}`;
  return [head, ...rows.map((r) => `${r.name.padEnd(38)} ${f(r.ms, 3).padStart(9)} ${f(r.gflops, 2).padStart(8)} ${f(r.speedupVsCpu, 1).padStart(7)} ${f(r.ratioVsPytorch, 3).padStart(8)} ${(r.lossMaxRelDiff === null ? '-' : r.lossMaxRelDiff.toExponential(1)).padStart(9)}`)].join('\n');
}

/** Where a wasm training step spends its time, kernel by kernel (wall clock, JS-side timers). */
async function profileSteps(): Promise<void> {
  for (const c of [smallMlpCase(64), mlpCase(64), cnnCase(64)]) {
    const backend = await wasmBackend();
    const totals = clockKernels(backend);
    const side = oursTrain(backend, c);
    await side.run(3);
    totals.clear();
    const ms = (await side.run(opt.iters)) / opt.iters;
    side.dispose();
    const parts = [...totals].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ${(v / opt.iters).toFixed(2)}`);
    console.log(`${c.name} on wasm: ${ms.toFixed(2)} ms/step; ms per step by kernel: ${parts.join(', ')}`);
  }
}

async function main() {
  if (opt.profile) return profileSteps();
  const commit = gitCommit();
  const refusal = dirtyRefusal(commit, opt.allowDirty);
  if (refusal) {
    console.error(refusal);
    process.exitCode = 2;
    return;
  }
  const cases = [smallMlpCase(64), ...(opt.big ? [mlpCase(64)] : [])];
  const results: { name: string; model: string; flops: number; sides: Map<Side, Timed> }[] = [];
  for (const c of cases) {
    console.error(`${c.name} on ${BACKENDS.map(([n]) => n).join(' and ')}…`);
    const sides = await timeBackends((b) => oursTrain(b, c), true);
    results.push({ name: c.name, model: `784-${c.layers.map((l) => ('units' in l ? l.units : '?')).join('-')} relu, adam, batch ${c.batch}`, flops: c.stepFlops * c.batch, sides });
  }
  const gemmSides = await timeBackends((b) => oursGemm(b, ...GEMM, false, false), false);
  results.push({ name: `gemm NN ${GEMM.join('x')}`, model: 'c = a·b, f32', flops: 2 * GEMM[0] * GEMM[1] * GEMM[2], sides: gemmSides });
  if (opt.torch) {
    console.error('PyTorch, one thread…');
    const torch = torchSide(cases, gemmSides.get('wasm')!.iters);
    for (const r of results) if (torch?.has(r.name)) r.sides.set('pytorch', torch.get(r.name)!);
  }
  const rows = results.flatMap((r) => rowsOf(r.name, r.model, r.flops, r.sides));
  // Other work on the machine slows every side alike: the ratios hold better than the ms.
  const load = loadavg().map((x) => Number(x.toFixed(2)));
  console.log(table(rows));
  console.log(`load average ${load.join(', ')} on ${cpus().length} cores`);
  const failures = rows.filter((r) => r.backend === 'wasm' && r.lossMaxRelDiff !== null && !(r.lossMaxRelDiff <= 1e-4));
  for (const r of failures) console.error(`FAILED: ${r.name}: losses differ from the reference's by ${r.lossMaxRelDiff} (> 1e-4)`);
  if (opt.json) {
    const meta = {
      commit, date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, loadAverage: load, threads: opt.threads, torch: torchVersion,
      options: opt, command: `npm run bench:wasm -- ${argv.join(' ')}`.trim(),
    };
    const path = resolve(opt.json);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify({ meta, rows }, null, 2) + '\n');
    console.error(`wrote ${path}`);
  }
  if (failures.length) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
