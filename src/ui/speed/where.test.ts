import { describe, expect, it } from 'vitest';
import { CPU_ADAPTER, WASM_ADAPTER, wasmAdapter } from '../../train/backend-select';
import { measuredOn } from './where';

describe('measuredOn', () => {
  it('names the CPU backend and its kernels, and a software GPU adapter', () => {
    expect(measuredOn(WASM_ADAPTER)).toBe('the CPU backend (WebAssembly SIMD kernels, one thread)');
    expect(measuredOn(wasmAdapter(2))).toBe('the CPU backend (WebAssembly SIMD kernels, 2 threads)');
    expect(measuredOn(CPU_ADAPTER)).toBe('the CPU backend (TypeScript reference kernels)');
    expect(measuredOn({ backend: 'webgpu', label: 'Google SwiftShader', isSoftware: true })).toBe('WebGPU on Google SwiftShader (software)');
  });
});
