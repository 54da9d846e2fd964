// One WebGPU backend per test process (Dawn in Node; SwiftShader when there is no GPU).
// GPU test files run serially (vitest project `gpu`), so a single device is shared.
import { afterAll } from 'vitest';
import { openWebGpuBackend, type WebGpuBackend } from './backend';

let shared: Promise<WebGpuBackend> | null = null;

export function gpuBackend(): Promise<WebGpuBackend> {
  if (!shared) {
    shared = openWebGpuBackend({
      onError: (m) => {
        throw new Error(`WebGPU error: ${m}`);
      },
    });
    afterAll(async () => {
      const b = await shared!;
      await b.sync();
      b.dispose();
      b.ctx.destroy();
      shared = null;
    });
  }
  return shared;
}
