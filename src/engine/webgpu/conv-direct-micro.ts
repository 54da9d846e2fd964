// Microbenchmark: the MNIST CNN's conv kernels (batch 64), GEMM vs direct, interleaved;
// min and median ms per call over N repetitions. Run: npx vite-node src/engine/webgpu/conv-direct-micro.ts -- 7
import { openWebGpuBackend } from './backend';
import { convPaths } from './conv-direct';
const b = await openWebGpuBackend({ onError: (m) => { throw new Error(m); } });
const rnd = (n: number) => Float32Array.from({ length: n }, () => Math.random() * 2 - 1);
const up = (s: number[]) => b.upload(rnd(s.reduce((a, c) => a * c, 1)), s);
const o = { padding: 'valid' as const, strides: [1, 1] as [number, number], dilation: [1, 1] as [number, number] };
const x1 = up([64, 28, 28, 1]), w1 = up([5, 5, 1, 8]), dy1 = up([64, 24, 24, 8]);
const x2 = up([64, 12, 12, 8]), w2 = up([5, 5, 8, 16]), dy2 = up([64, 8, 8, 16]);
const ops: Record<string, () => { dispose(): void }> = {
  'fwd1': () => b.conv2d(x1, w1, o),
  'fwd2': () => b.conv2d(x2, w2, o),
  'dx2': () => b.conv2dGradInput(dy2, w2, x2.shape, o),
  'dw1': () => b.conv2dGradFilter(x1, dy1, w1.shape, o),
  'dw2': () => b.conv2dGradFilter(x2, dy2, w2.shape, o),
};
const res: Record<string, number[]> = {};
const reps = Number(process.argv.at(-1)) || 5;
for (let r = 0; r < reps; r++) {
  for (const path of ['gemm', 'direct'] as const) {
    convPaths.forward = path; convPaths.gradInput = path; convPaths.gradFilter = path;
    for (const [name, f] of Object.entries(ops)) {
      if (r === 0) { const t = f(); await b.sync(); t.dispose(); }
      const t0 = performance.now();
      const t = f(); await b.sync();
      const ms = performance.now() - t0; t.dispose();
      (res[`${name} ${path}`] ??= []).push(ms);
    }
  }
}
for (const [k, v] of Object.entries(res)) { v.sort((a, c) => a - c); console.log(k.padEnd(14), 'min', v[0].toFixed(1), 'median', v[v.length >> 1].toFixed(1)); }
process.exit(0);
