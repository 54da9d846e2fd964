// GEMM benchmark in Node on Dawn: our tiled NN/NT/TN kernels at square sizes and MLP shapes,
// beside a naive one-thread-per-output kernel (and tfjs-backend-webgpu with --tfjs), in one
// run on one device. GFLOP/s = 2·M·N·K / time.
//
//   npm run bench:gemm -- [--sizes 64,128,256,512] [--json FILE] [--tfjs] [--no-naive] [--no-mlp]
//                         [--layouts NN,NT,TN] [--tile TX,TY,BK,RM,RN]
//
// On SwiftShader (no GPU) the default sizes stop at 512 so the run takes about a minute.
import { writeFileSync } from 'node:fs';
import { openWebGpuBackend, type WebGpuBackend } from '../src/engine/webgpu/backend';
import type { Tensor } from '../src/engine/tensor';
import { gpuMatmul } from '../src/engine/webgpu/matmul';
import { timeKernel } from './gemm-timing';
import { naiveGemm } from './gemm-naive';
import { tfjsGemm } from './gemm-tfjs';

interface Row {
  name: string;
  oursMs: number;
  oursGflops: number;
  oursGpuMs: number | null;
  naiveMs: number | null;
  naiveGflops: number | null;
  tfjsMs: number | null;
  tfjsGflops: number | null;
}

function args() {
  const argv = process.argv.slice(2);
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    sizes: value('--sizes')?.split(',').map(Number),
    json: value('--json'),
    tfjs: argv.includes('--tfjs'),
    naive: !argv.includes('--no-naive'),
    mlp: !argv.includes('--no-mlp'),
    layouts: (value('--layouts') ?? 'NN,NT,TN').split(','),
    /** Force a tile: threads along N, along M, BK, and the register block (e.g. 16,16,32,4,4), for tuning. */
    tile: value('--tile')?.split(',').map(Number),
  };
}

const MLP_SHAPES: [number, number, number][] = [
  [64, 512, 784],
  [1024, 512, 784],
  [64, 512, 512],
  [64, 10, 512],
];

function random(backend: WebGpuBackend, shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = Math.sin(i * 12.9898) * 0.5;
  return backend.upload(data, shape);
}

async function main() {
  const opt = args();
  const backend = await openWebGpuBackend();
  const kernels = gpuMatmul(backend);
  const info = backend.ctx.info;
  const sizes = opt.sizes ?? (info.isSoftware ? [64, 128, 256, 512] : [64, 128, 256, 512, 1024, 2048]);
  const shapes: [string, number, number, number][] = [];
  for (const layout of opt.layouts) {
    for (const s of sizes) shapes.push([layout, s, s, s]);
    // MLP steps: forward NN (x·W), backward NT (dy·Wᵀ) and TN (xᵀ·dy), named MxNxK.
    if (opt.mlp) for (const [M, N, K] of MLP_SHAPES) shapes.push([layout, M, N, K]);
  }
  console.log(`adapter: ${info.vendor} ${info.architecture} ${info.description}${info.isSoftware ? ' (software)' : ''}`);
  const forced = opt.tile ? { TX: opt.tile[0], TY: opt.tile[1], BK: opt.tile[2], RM: opt.tile[3] ?? 4, RN: opt.tile[4] ?? 4 } : undefined;
  const tf = opt.tfjs ? await tfjsGemm() : null;
  const rows: Row[] = [];
  for (const [layout, M, N, K] of shapes) {
    const transA = layout[0] === 'T';
    const transB = layout[1] === 'T';
    const a = random(backend, transA ? [K, M] : [M, K]);
    const b = random(backend, transB ? [N, K] : [K, N]);
    const out = backend.empty([M, N]);
    const flop = 2 * M * N * K;
    const ours = await timeKernel(backend, () => kernels.gemm({ a, b, options: { transA, transB }, forced }, out), 'gemm');
    let naive = null;
    if (opt.naive && layout === 'NN') {
      const run = naiveGemm(backend, a, b, out, M, N, K);
      naive = await timeKernel(backend, run, 'gemm-naive');
    }
    const tfMs = tf ? await tf.time(M, N, K, transA, transB) : null;
    const gf = (ms: number | null) => (ms === null ? null : flop / ms / 1e6);
    const row: Row = {
      name: `gemm ${layout} ${M}x${N}x${K}`,
      oursMs: ours.ms,
      oursGflops: gf(ours.ms)!,
      oursGpuMs: ours.gpuMs,
      naiveMs: naive?.ms ?? null,
      naiveGflops: gf(naive?.ms ?? null),
      tfjsMs: tfMs,
      tfjsGflops: gf(tfMs),
    };
    rows.push(row);
    const f = (x: number | null, d = 2) => (x === null ? '-' : x.toFixed(d));
    console.log(
      `${row.name.padEnd(28)} ours ${f(row.oursMs, 3).padStart(9)} ms ${f(row.oursGflops).padStart(8)} GFLOP/s` +
        `  naive ${f(row.naiveGflops).padStart(7)}  tfjs ${f(row.tfjsGflops).padStart(7)}` +
        (row.tfjsMs ? `  ratio ${(row.tfjsMs / row.oursMs).toFixed(2)}` : ''),
    );
    for (const t of [a, b, out]) t.dispose();
  }
  if (opt.json) {
    const meta = { adapter: info, sizes, date: new Date().toISOString(), command: process.argv.slice(2).join(' ') };
    writeFileSync(opt.json, JSON.stringify({ meta, rows }, null, 2));
  }
  tf?.dispose();
  await backend.sync();
  backend.dispose();
  backend.ctx.destroy();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
