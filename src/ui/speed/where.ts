import type { AdapterReport } from '../../worker/protocol';

/** "WebGPU on SwiftShader (software)" / "the CPU backend": which backend and adapter measured a figure. */
export function measuredOn(adapter: AdapterReport): string {
  if (adapter.backend === 'cpu') return `the CPU backend (${adapter.label})`;
  return `WebGPU on ${adapter.label}${adapter.isSoftware && !/software/i.test(adapter.label) ? ' (software)' : ''}`;
}
