// The WebGPU backend: our WGSL kernels over pooled buffers, recorded into one command
// encoder per submit (see runtime.ts).
import type { Backend } from '../backend';
import { GpuCore } from './core';
import { requestGpu, type DeviceOptions, type GpuContext } from './device';
import { gpuMatmul } from './matmul';
import { gpuPointwise } from './pointwise';
import { gpuConv } from './conv';
import { gpuNorm } from './norm';
import { gpuOptim } from './optim';
import { gpuAugment } from './augment';
import { gpuGuard } from './guard';
import { gpuCompile } from './compile';

export type WebGpuBackend = Backend & GpuCore;

export function createWebGpuBackend(ctx: GpuContext): WebGpuBackend {
  const core = new GpuCore(ctx);
  const backend = Object.assign(core, gpuMatmul(core), gpuPointwise(core), gpuConv(core), gpuNorm(core), gpuOptim(core), gpuAugment(core), gpuGuard(core), gpuCompile(core));
  core.backend = backend as never;
  return backend as WebGpuBackend;
}

/** Requests a device and builds the backend on it. */
export async function openWebGpuBackend(options?: DeviceOptions): Promise<WebGpuBackend> {
  return createWebGpuBackend(await requestGpu(options));
}
