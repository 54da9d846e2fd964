// Chooses and opens the backend an experiment asks for, and checks a GPU against the CPU
// reference (the "GPU self-test" users can run from the playground).
import type { Backend } from '../engine/backend';
import { createCpuBackend } from '../engine/cpu/backend';
import { openWasmBackend } from '../engine/wasm/backend';
import { adapterLabel } from '../engine/webgpu/device';
import { openWebGpuBackend } from '../engine/webgpu/backend';
import { Rng } from '../engine/random';
import { tidy } from '../engine/tensor';

/** The experiment's `backend` values (spec BACKENDS), as the engine opens them. */
export type BackendChoice = 'webgpu' | 'cpu' | 'wasm';

export interface AdapterReport {
  backend: BackendChoice;
  label: string;
  isSoftware: boolean;
  /** The adapter's buffer limits (WebGPU only): a model must fit them to train. */
  limits?: { maxStorageBufferBindingSize: number; maxBufferSize: number };
}

export const CPU_ADAPTER: AdapterReport = { backend: 'cpu', label: 'CPU (TypeScript reference kernels)', isSoftware: true };
/** The wasm backend's report: its thread count (threads need a cross-origin isolated page, or Node). */
export function wasmAdapter(threads: number): AdapterReport {
  return { backend: 'wasm', label: `CPU (WebAssembly SIMD kernels, ${threads === 1 ? 'one thread' : `${threads} threads`})`, isSoftware: true };
}
/** On one thread: a page that is not cross-origin isolated. */
export const WASM_ADAPTER: AdapterReport = wasmAdapter(1);

export async function openBackend(
  kind: BackendChoice,
  options: { onDeviceError?: (message: string) => void } = {},
): Promise<{ backend: Backend; adapter: AdapterReport }> {
  if (kind === 'cpu') return { backend: createCpuBackend('f32'), adapter: CPU_ADAPTER };
  if (kind === 'wasm') {
    const { backend, threads } = await openWasmBackend();
    return { backend, adapter: wasmAdapter(threads) };
  }
  const backend = await openWebGpuBackend({ onError: options.onDeviceError });
  const info = backend.ctx.info;
  const limits = { maxStorageBufferBindingSize: info.limits.maxStorageBufferBindingSize, maxBufferSize: info.limits.maxBufferSize };
  return { backend, adapter: { backend: 'webgpu', label: adapterLabel(info), isSoftware: info.isSoftware, limits } };
}

/**
 * Runs a few kernels on `gpu` and on the CPU reference with the same random inputs and
 * compares: GEMM in three layouts with a fused epilogue, softmax cross-entropy, a
 * reduction. Shapes are deliberately not multiples of any tile.
 */
export async function runSelfTest(gpu: Backend): Promise<{ ok: boolean; lines: string[] }> {
  const cpu = createCpuBackend('f32');
  const rng = new Rng(2024);
  const rand = (n: number) => Float32Array.from({ length: n }, () => rng.range(-1, 1));
  const lines: string[] = [];
  let ok = true;
  const check = async (name: string, run: (b: Backend) => import('../engine/tensor').Tensor, tol = 1e-4) => {
    const [g, c] = await Promise.all([gpu, cpu].map(async (b) => {
      const t = tidy(() => run(b));
      const v = await b.read(t);
      t.dispose();
      return v;
    }));
    let err = 0;
    for (let i = 0; i < c.length; i++) err = Math.max(err, Math.abs(g[i] - c[i]) / Math.max(1, Math.abs(c[i])));
    const pass = err <= tol && g.length === c.length;
    ok &&= pass;
    lines.push(`${pass ? 'pass' : 'FAIL'}  ${name}: max relative error ${err.toExponential(2)}`);
  };
  const [M, K, N] = [65, 33, 17];
  const a = rand(M * K);
  const w = rand(K * N);
  const bias = rand(N);
  const dy = rand(M * N);
  const logits = rand(M * N);
  const labels = Uint32Array.from({ length: M }, () => rng.int(N));
  await check(`gemm NN ${M}x${N}x${K} + bias + gelu`, (b) =>
    b.matmul(b.upload(a, [M, K]), b.upload(w, [K, N]), { bias: b.upload(bias, [N]), activation: 'gelu' }),
  );
  await check(`gemm NT ${M}x${K}x${N} (input gradient)`, (b) => b.matmul(b.upload(dy, [M, N]), b.upload(w, [K, N]), { transB: true }));
  await check(`gemm TN ${K}x${N}x${M} (weight gradient)`, (b) => b.matmul(b.upload(a, [M, K]), b.upload(dy, [M, N]), { transA: true }));
  await check(`softmax cross-entropy ${M}x${N}`, (b) => b.softmaxCrossEntropy(b.upload(logits, [M, N]), b.upload(labels, [M], 'u32')).grad);
  await check(`column sum ${M}x${N}`, (b) => b.reduce('sum', b.upload(dy, [M, N]), [0]));
  cpu.dispose();
  return { ok, lines };
}
