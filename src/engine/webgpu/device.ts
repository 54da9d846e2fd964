// Obtains a WebGPU adapter and device in the browser (navigator.gpu) or in Node (Dawn
// through the `webgpu` package), and reports device loss and uncaptured errors loudly.
//
// NOTE: in Node on a machine without a GPU, Dawn's default Vulkan search finds Mesa's
// lavapipe, which lacks a feature Dawn needs. We then point the Vulkan loader at the
// SwiftShader ICD that Debian's Chromium ships (a CPU Vulkan that Dawn accepts).

export interface GpuContext {
  adapter: GPUAdapter;
  device: GPUDevice;
  info: AdapterSummary;
  /** Resolves with a message when the device is lost (never rejects). */
  lost: Promise<string>;
  destroy(): void;
}

export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isSoftware: boolean;
  features: string[];
  limits: Record<string, number>;
}

export interface DeviceOptions {
  /** Force a software adapter (SwiftShader) even when a GPU is present. */
  forceSoftware?: boolean;
  powerPreference?: GPUPowerPreference;
  /** Called for every uncaptured validation/out-of-memory error. Default: console.error. */
  onError?: (message: string) => void;
}

export const SWIFTSHADER_ICD_PATHS = [
  '/usr/lib/chromium/vk_swiftshader_icd.json',
  '/usr/lib/chromium-browser/vk_swiftshader_icd.json',
  '/opt/google/chrome/vk_swiftshader_icd.json',
];

export class WebGpuUnavailableError extends Error {
  override name = 'WebGpuUnavailableError';
}

export const LIMIT_NAMES = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxUniformBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupSizeZ',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
  'minStorageBufferOffsetAlignment',
  'minUniformBufferOffsetAlignment',
] as const;

function isNode(): boolean {
  return typeof process !== 'undefined' && !!process.versions?.node && !('document' in globalThis);
}

/** navigator.gpu in browsers and workers; Dawn's GPU in Node. */
async function getGpu(forceSoftware: boolean): Promise<{ gpu: GPU; nodeSoftware: boolean }> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (!isNode()) {
    if (!nav?.gpu) {
      throw new WebGpuUnavailableError(
        'This browser has no WebGPU (navigator.gpu is missing). Use a recent Chrome or Edge, or switch the backend to CPU.',
      );
    }
    return { gpu: nav.gpu, nodeSoftware: false };
  }
  const dawn = await loadDawn();
  const env = process.env;
  // NOTE: Mesa's Vulkan drivers print "XDG_RUNTIME_DIR is invalid" on every probe without it.
  env.XDG_RUNTIME_DIR ??= '/tmp';
  const userChoseDriver = !!(env.VK_ICD_FILENAMES || env.VK_DRIVER_FILES);
  if (forceSoftware || env.WEBGPU_ADAPTER === 'swiftshader') {
    useSwiftShader();
    return { gpu: dawn.create([]), nodeSoftware: true };
  }
  if (userChoseDriver || systemVulkanWorks()) return { gpu: dawn.create([]), nodeSoftware: false };
  useSwiftShader();
  return { gpu: dawn.create([]), nodeSoftware: true };
}

/**
 * Does Dawn get an adapter from the system's Vulkan drivers? Asked in a child process:
 * NOTE: a Dawn instance that failed on Mesa's lavapipe crashes the process later when
 * collected, so the probe must not happen in ours.
 */
function systemVulkanWorks(): boolean {
  const cp = builtin<{ spawnSync(cmd: string, args: string[], o: object): { status: number | null } }>('child_process');
  if (!cp) return false;
  const script =
    "import('webgpu').then(async (m) => { const a = await m.create([]).requestAdapter(); process.exit(a ? 0 : 1); }).catch(() => process.exit(1))";
  const r = cp.spawnSync(process.execPath, ['-e', script], { stdio: 'ignore', timeout: 20000 });
  return r.status === 0;
}

function builtin<T>(name: string): T | undefined {
  return (globalThis as { process?: { getBuiltinModule?: (n: string) => unknown } }).process?.getBuiltinModule?.(name) as T | undefined;
}

interface DawnModule {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

let dawnModule: DawnModule | null = null;
async function loadDawn(): Promise<DawnModule> {
  if (dawnModule) return dawnModule;
  const name = 'webgpu';
  // @vite-ignore keeps the browser bundle free of the Node-only module.
  const mod = (await import(/* @vite-ignore */ name)) as DawnModule & { default?: DawnModule };
  dawnModule = typeof mod.create === 'function' ? mod : (mod.default as DawnModule);
  Object.assign(globalThis, dawnModule.globals);
  return dawnModule;
}

function useSwiftShader(): void {
  // Read lazily so this module stays importable in the browser.
  const fs = builtin<{ existsSync(p: string): boolean }>('fs');
  const path = SWIFTSHADER_ICD_PATHS.find((p) => fs?.existsSync(p));
  if (!path) {
    throw new WebGpuUnavailableError(
      'No GPU adapter was found and no SwiftShader Vulkan driver either. Install Chromium (apt-get install chromium) or set VK_ICD_FILENAMES to a Vulkan driver.',
    );
  }
  process.env.VK_ICD_FILENAMES = path;
}

const liveInstances: GPU[] = [];

export async function requestGpu(options: DeviceOptions = {}): Promise<GpuContext> {
  const { gpu, nodeSoftware } = await getGpu(!!options.forceSoftware);
  // NOTE: Dawn for Node tears the instance down when the GPU object is collected, even
  // while its device is in use (a crash, not an error): keep it reachable for good.
  liveInstances.push(gpu);
  const adapter = await gpu.requestAdapter({
    powerPreference: options.powerPreference ?? 'high-performance',
    ...(options.forceSoftware && !isNode() ? { forceFallbackAdapter: true } : {}),
  });
  if (!adapter) {
    throw new WebGpuUnavailableError(
      'WebGPU is present but no adapter was granted. Check that hardware acceleration is on, or switch the backend to CPU.',
    );
  }
  const wanted = ['timestamp-query', 'subgroups'] as GPUFeatureName[];
  const requiredFeatures = wanted.filter((f) => adapter.features.has(f));
  const requiredLimits: Record<string, number> = {};
  for (const name of LIMIT_NAMES) {
    const v = (adapter.limits as unknown as Record<string, number>)[name];
    if (typeof v === 'number' && !name.startsWith('min')) requiredLimits[name] = v;
  }
  const device = await adapter.requestDevice({ requiredFeatures, requiredLimits });
  const onError = options.onError ?? ((m: string) => console.error(`[webgpu] ${m}`));
  device.addEventListener('uncapturederror', (ev) => {
    onError((ev as GPUUncapturedErrorEvent).error.message);
  });
  let destroyed = false;
  const lost = device.lost.then((info) => {
    const msg = `GPU device lost (${info.reason}): ${info.message || 'no details'}`;
    if (!destroyed) onError(msg);
    return msg;
  });
  const info = summarize(adapter, device, nodeSoftware);
  return {
    adapter,
    device,
    info,
    lost,
    destroy() {
      destroyed = true;
      device.destroy();
    },
  };
}

function summarize(adapter: GPUAdapter, device: GPUDevice, nodeSoftware: boolean): AdapterSummary {
  const i = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
  const limits: Record<string, number> = {};
  for (const name of LIMIT_NAMES) limits[name] = (device.limits as unknown as Record<string, number>)[name];
  const text = `${i?.vendor ?? ''} ${i?.architecture ?? ''} ${i?.device ?? ''} ${i?.description ?? ''}`.toLowerCase();
  return {
    vendor: i?.vendor ?? '',
    architecture: i?.architecture ?? '',
    device: i?.device ?? '',
    description: i?.description ?? '',
    isSoftware: nodeSoftware || text.includes('swiftshader') || !!(i as { isFallbackAdapter?: boolean })?.isFallbackAdapter,
    features: [...device.features].map(String).sort(),
    limits,
  };
}

/** A one-line name for people: "nvidia hopper (NVIDIA H200)" or "google swiftshader". */
export function adapterLabel(info: AdapterSummary): string {
  const main = [info.vendor, info.architecture].filter(Boolean).join(' ') || 'unknown adapter';
  return info.description ? `${main} (${info.description})` : main;
}
