import { adapterLabel, requestGpu, WebGpuUnavailableError } from '../engine/webgpu/device';
import type { AppStore } from '../ui/store';
import { PAGE_MEMORY_BUDGET, validateContext } from '../ui/store';

// The header names the GPU before any training: ask for an adapter once, read its name and
// buffer limits (the validator checks layer sizes against them), then let the device go.
// NOTE: only src/app may touch the engine; the worker opens its own device for training.

export async function probeAdapter(store: AppStore): Promise<void> {
  const { setAdapter } = store.getState();
  try {
    const gpu = await requestGpu({ onError: () => {} });
    const label = adapterLabel(gpu.info);
    validateContext.limits = {
      maxStorageBufferBindingSize: gpu.info.limits.maxStorageBufferBindingSize,
      maxBufferSize: gpu.info.limits.maxBufferSize,
    };
    validateContext.memoryBudget = Math.min(PAGE_MEMORY_BUDGET, gpu.info.limits.maxBufferSize);
    gpu.destroy();
    setAdapter({ status: 'ok', label, isSoftware: gpu.info.isSoftware, message: '' });
    // Re-check the current experiment against the adapter's limits.
    store.getState().edit((e) => ({ ...e }));
  } catch (e) {
    const message = e instanceof WebGpuUnavailableError || e instanceof Error ? e.message : String(e);
    setAdapter({ status: 'none', label: '', isSoftware: false, message });
  }
}
