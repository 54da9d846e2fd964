// The benchmark page: our engine and tfjs-backend-webgpu in one page, on the same adapter,
// case by case (bench/cases/suite.ts). Driven by bench/run.ts through Playwright (it
// exposes benchLog/benchDone), or opened by hand: results then print on the page.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import tfWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import tfWasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import tfWasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { createWasmBackend } from '../../src/engine/wasm/backend';
import { openWebGpuBackend } from '../../src/engine/webgpu/backend';
import { adapterLabel } from '../../src/engine/webgpu/device';
import { runSuite, formatTable, formatProfiles } from '../cases/suite';
import { tfjsGemm, tfjsTrain, type TfjsEnv } from '../cases/tfjs';
import { resolveOptions, type BenchOptions, type BenchResult, type Counts } from '../cases/types';

declare global {
  interface Window {
    benchLog?: (line: string) => void;
    benchDone?: (result: BenchResult & { failures: string[] }) => void;
    benchFail?: (message: string) => void;
  }
}

const logEl = document.getElementById('log')!;
function log(line: string) {
  logEl.textContent += line + '\n';
  if (window.benchLog) window.benchLog(line);
  else console.log(line);
}

/** Counts WebGPU calls page-wide by wrapping the prototypes once (a counter increment each). */
function installProbe(): { counts: () => Counts } {
  const c: Counts = { dispatches: 0, submits: 0, readbacks: 0 };
  const wrap = <T extends object>(proto: T, name: keyof T & string, key: keyof Counts) => {
    const original = proto[name] as unknown as (...a: unknown[]) => unknown;
    Object.defineProperty(proto, name, {
      configurable: true,
      writable: true,
      value(this: unknown, ...args: unknown[]) {
        c[key]++;
        return original.apply(this, args);
      },
    });
  };
  wrap(GPUComputePassEncoder.prototype, 'dispatchWorkgroups', 'dispatches');
  wrap(GPUQueue.prototype, 'submit', 'submits');
  wrap(GPUBuffer.prototype, 'mapAsync', 'readbacks');
  return { counts: () => ({ ...c }) };
}

async function main() {
  const params = new URLSearchParams(location.search);
  const given = (params.has('opts') ? JSON.parse(params.get('opts')!) : {}) as Partial<BenchOptions>;
  const probe = installProbe();
  const ours = await openWebGpuBackend({ onError: (m) => log(`[webgpu error, ours] ${m}`) });
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs could not initialise its WebGPU backend.');
  await tf.ready();
  const tfDevice = (tf.backend() as unknown as { device: GPUDevice }).device;
  tfDevice.addEventListener('uncapturederror', (ev) => log(`[webgpu error, tfjs] ${(ev as GPUUncapturedErrorEvent).error.message}`));
  const tfAdapterInfo = (tf.backend() as unknown as { adapterInfo?: { vendor?: string; architecture?: string } }).adapterInfo;
  // The probe counts every WebGPU call in the page; tfjs.ts takes deltas around tfjs's own
  // timed runs (ours runs at other times and counts itself through backend.counters()).
  const env: TfjsEnv = { tf, counts: probe.counts };
  const info = ours.ctx.info;
  const options = resolveOptions(given, info.isSoftware);
  const adapter = adapterLabel(info) + (info.isSoftware ? ' [software]' : '');
  log(`adapter (ours): ${adapter}`);
  log(`adapter (tfjs): ${tfAdapterInfo ? `${tfAdapterInfo.vendor ?? ''} ${tfAdapterInfo.architecture ?? ''}`.trim() : 'unknown'}; tfjs ${tf.version_core}`);
  log(`browser: ${navigator.userAgent}`);
  const result = await runSuite({
    ours,
    tfjs: {
      gemm: (M, N, K, tA, tB) => tfjsGemm(env, M, N, K, tA, tB),
      train: (c) => tfjsTrain(env, c),
    },
    options,
    log,
  });
  // The CPU comparison: our wasm backend against tfjs-backend-wasm in the same page, one
  // thread each (this page is not cross-origin isolated, so neither may start threads).
  if (options.wasm) {
    setWasmPaths({ 'tfjs-backend-wasm.wasm': tfWasm, 'tfjs-backend-wasm-simd.wasm': tfWasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': tfWasmThreaded });
    if (!(await tf.setBackend('wasm'))) throw new Error('tfjs could not initialise its wasm backend.');
    await tf.ready();
    log(`CPU comparison: our wasm backend vs tfjs-backend-wasm (SIMD ${String(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))}, one thread)`);
    const cpuSide = createWasmBackend();
    const wasm = await runSuite({
      ours: cpuSide,
      tfjs: { gemm: (M, N, K, tA, tB) => tfjsGemm(env, M, N, K, tA, tB), train: (c) => tfjsTrain(env, c) },
      options,
      log,
      variant: 'wasm',
    });
    result.rows.push(...wasm.rows);
    result.failures.push(...wasm.failures);
    cpuSide.dispose?.();
  }
  const meta = {
    adapter,
    adapterInfo: { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description, isSoftware: info.isSoftware, features: info.features },
    tfjsAdapter: tfAdapterInfo ? `${tfAdapterInfo.vendor ?? ''} ${tfAdapterInfo.architecture ?? ''}`.trim() : null,
    browser: navigator.userAgent,
    commit: params.get('commit') ?? 'unknown',
    date: new Date().toISOString(),
    repetitions: options.reps,
    mode: 'browser' as const,
    options,
  };
  ours.dispose();
  ours.ctx.destroy();
  if (window.benchDone) window.benchDone({ meta, rows: result.rows, failures: result.failures });
  else {
    log('\n' + formatTable(result.rows) + '\n\n' + formatProfiles(result.rows));
    for (const f of result.failures) log(`FAILED: ${f}`);
  }
}

main().catch((e: unknown) => {
  const msg = e instanceof Error ? (e.stack ?? e.message) : String(e);
  log(`FAILED: ${msg}`);
  window.benchFail?.(msg);
});
