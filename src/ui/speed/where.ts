import type { AdapterReport } from '../../worker/protocol';

/**
 * "WebGPU on SwiftShader (software)" / "the CPU backend (WebAssembly SIMD kernels, one
 * thread)": which backend and adapter measured a figure.
 */
export function measuredOn(adapter: AdapterReport): string {
  // The CPU backends' labels read "CPU (…)": the sentence already says "the CPU backend".
  if (adapter.backend !== 'webgpu') return `the CPU backend (${/^CPU \((.*)\)$/.exec(adapter.label)?.[1] ?? adapter.label})`;
  return `WebGPU on ${adapter.label}${adapter.isSoftware && !/software/i.test(adapter.label) ? ' (software)' : ''}`;
}
