// A stand-in GPUDevice for CPU-only tests of the kernel wrappers: it accepts every call
// the runtime makes (buffers, pipelines, bind groups, encoders, submits) and computes
// nothing. Results are garbage; what a test can check is what the wrappers asked for, e.g.
// that every kernel's parameters pack against its WGSL struct (params-coverage.test.ts).
// Pipelines keep their WGSL source as `code` so tests can tell which kernel they are.
import type { GpuContext } from './device';

export interface FakePipeline extends GPUComputePipeline {
  readonly code: string;
}

const LIMITS: Record<string, number> = {
  maxBufferSize: 1 << 30,
  maxStorageBufferBindingSize: 1 << 30,
  maxUniformBufferBindingSize: 65536,
  maxComputeWorkgroupStorageSize: 16384,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupSizeY: 256,
  maxComputeWorkgroupSizeZ: 64,
  maxComputeWorkgroupsPerDimension: 65535,
  maxStorageBuffersPerShaderStage: 8,
  minStorageBufferOffsetAlignment: 256,
  minUniformBufferOffsetAlignment: 256,
};

function fakeBuffer(d: GPUBufferDescriptor): GPUBuffer {
  return {
    size: d.size,
    usage: d.usage,
    label: d.label ?? '',
    mapState: 'unmapped',
    getMappedRange: () => new ArrayBuffer(d.size),
    mapAsync: () => Promise.resolve(),
    unmap() {},
    destroy() {},
  } as unknown as GPUBuffer;
}

function fakeEncoder(): GPUCommandEncoder {
  const pass = { setPipeline() {}, setBindGroup() {}, dispatchWorkgroups() {}, end() {} };
  return {
    beginComputePass: () => pass,
    copyBufferToBuffer() {},
    clearBuffer() {},
    resolveQuerySet() {},
    finish: () => ({}),
  } as unknown as GPUCommandEncoder;
}

/** A context whose device records nothing and computes nothing (see the file comment). */
export function fakeGpuContext(): GpuContext {
  const device = {
    features: new Set<string>(),
    limits: LIMITS,
    queue: { writeBuffer() {}, submit() {}, onSubmittedWorkDone: () => Promise.resolve() },
    createBuffer: fakeBuffer,
    createShaderModule: (d: GPUShaderModuleDescriptor) => ({ code: d.code, label: d.label ?? '' }),
    createComputePipeline: (d: GPUComputePipelineDescriptor): FakePipeline =>
      ({
        label: d.label ?? '',
        code: (d.compute.module as unknown as { code: string }).code,
        getBindGroupLayout: () => ({}),
      }) as unknown as FakePipeline,
    createBindGroup: () => ({}),
    createCommandEncoder: fakeEncoder,
    addEventListener() {},
    pushErrorScope() {},
    popErrorScope: () => Promise.resolve(null),
    destroy() {},
  } as unknown as GPUDevice;
  return {
    adapter: {} as GPUAdapter,
    device,
    info: { vendor: 'fake', architecture: '', device: '', description: 'no GPU', isSoftware: true, features: [], limits: { ...LIMITS } },
    lost: new Promise<string>(() => {}),
    destroy() {},
  };
}
