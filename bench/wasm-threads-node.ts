// npx vite-node bench/wasm-threads-node.ts -- [--threads N] [--reps N]
//
// The wasm backend's GEMM NN 256³ and 512³ on one thread and on --threads (default 2)
// threads, in one process, repetitions interleaved (who goes first alternating) so that
// other work on the machine slows both alike; medians. bench/wasm-node.ts --threads N gives
// the full table (training steps too) one thread count per run.
import { loadavg } from 'node:os';
import { createWasmBackend, openWasmBackend } from '../src/engine/wasm/backend';
import type { CpuBackend } from '../src/engine/cpu/backend';
import { Rng } from '../src/engine/random';
import { median } from './cases/types';

const argv = process.argv.slice(2).filter((a) => a !== '--');
const value = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
const threads = Number(value('--threads') ?? 2);
const reps = Number(value('--reps') ?? 9);

const one = createWasmBackend();
const opened = await openWasmBackend(threads);
if (opened.threads !== threads) throw new Error(`asked for ${threads} threads, got ${opened.threads}`);
const sides: [string, CpuBackend][] = [['1 thread', one], [`${threads} threads`, opened.backend]];

for (const n of [256, 512]) {
  const rng = new Rng(1);
  const [av, bv] = [0, 1].map(() => Float32Array.from({ length: n * n }, () => rng.range(-1, 1)));
  const iters = n === 256 ? 60 : 8;
  const ms = sides.map(() => [] as number[]);
  for (let r = 0; r < reps; r++) {
    for (const s of r % 2 ? [1, 0] : [0, 1]) {
      const b = sides[s][1];
      const [a, bb] = [b.upload(av, [n, n]), b.upload(bv, [n, n])];
      b.matmul(a, bb).dispose();
      const t = performance.now();
      for (let i = 0; i < iters; i++) b.matmul(a, bb).dispose();
      ms[s].push((performance.now() - t) / iters);
      a.dispose();
      bb.dispose();
    }
  }
  const m = ms.map(median);
  const f = (x: number) => `${x.toFixed(2)} ms (${((2 * n ** 3) / x / 1e6).toFixed(1)} GFLOP/s)`;
  console.log(`gemm NN ${n}x${n}x${n}: ${sides[0][0]} ${f(m[0])}, ${sides[1][0]} ${f(m[1])}; speed-up ${(m[0] / m[1]).toFixed(2)}`);
}
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(', ')}`);
opened.backend.dispose();
