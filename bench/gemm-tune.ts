// Tile tuning: times several GEMM variants on one shape, interleaved round by round so a
// noisy machine (shared CPU, SwiftShader) affects them alike; prints the median of each.
//
//   vite-node bench/gemm-tune.ts -- --shape NN,256,256,256 --tiles 16,16,32,4,4 8,8,32,8,8 [--rounds 5]
import { openWebGpuBackend } from '../src/engine/webgpu/backend';
import { gpuMatmul } from '../src/engine/webgpu/matmul';
import { timeKernel } from './gemm-timing';

async function main() {
  const argv = process.argv.slice(2);
  const at = (f: string) => argv.indexOf(f);
  const [layout, M, N, K] = (() => {
    const p = argv[at('--shape') + 1].split(',');
    return [p[0], +p[1], +p[2], +p[3]] as const;
  })();
  const tiles: string[] = [];
  for (let i = at('--tiles') + 1; i < argv.length && !argv[i].startsWith('--'); i++) tiles.push(argv[i]);
  const rounds = at('--rounds') >= 0 ? +argv[at('--rounds') + 1] : 5;
  const backend = await openWebGpuBackend();
  const kernels = gpuMatmul(backend);
  const transA = layout[0] === 'T';
  const transB = layout[1] === 'T';
  const fill = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 0.5);
  const a = backend.upload(fill(M * K), transA ? [K, M] : [M, K]);
  const b = backend.upload(fill(K * N), transB ? [N, K] : [K, N]);
  const out = backend.empty([M, N]);
  const times = new Map<string, number[]>(tiles.map((t) => [t, []]));
  for (let r = 0; r < rounds; r++) {
    for (const t of tiles) {
      const [TX, TY, BK, RM, RN] = t.split(',').map(Number);
      const forced = t === 'auto' ? undefined : { TX, TY, BK, RM, RN };
      const { ms } = await timeKernel(backend, () => kernels.gemm({ a, b, options: { transA, transB }, forced }, out), 'gemm', { reps: 1 });
      times.get(t)!.push(ms);
    }
  }
  const flop = 2 * M * N * K;
  for (const [t, xs] of times) {
    const med = [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    console.log(`${layout} ${M}x${N}x${K} tile ${t.padEnd(14)} ${med.toFixed(2).padStart(9)} ms ${(flop / med / 1e6).toFixed(3)} GFLOP/s`);
  }
  backend.dispose();
  backend.ctx.destroy();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
