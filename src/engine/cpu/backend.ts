// The CPU backend: the reference every GPU kernel is tested against, the fallback where
// WebGPU is missing, and (in 'f64') the oracle for finite-difference gradient checks.
import type { Backend, CompiledStep, CoreBackend } from '../backend';
import type { Tensor } from '../tensor';
import type { MatmulKernels } from '../kernels/matmul';
import type { ConvKernels } from '../kernels/conv';
import type { OptimKernels } from '../kernels/optim';
import type { PointwiseKernels } from '../kernels/pointwise';
import { CpuCore } from './core';
import { cpuMatmul } from './matmul';
import { cpuPointwise } from './pointwise';
import { cpuConv } from './conv';
import { cpuNorm } from './norm';
import { cpuOptim } from './optim';
import { cpuAugment } from './augment';
import { cpuGuard } from './guard';

export type CpuBackend = Backend & CpuCore;

/** Kernel families a backend over the CPU core brings instead of the reference's (the wasm backend's hot paths). */
export type CpuHotPaths = (core: CpuCore) => Partial<MatmulKernels & ConvKernels & OptimKernels & PointwiseKernels>;

export function createCpuBackend(precision: 'f32' | 'f64' = 'f32', hotPaths?: CpuHotPaths): CpuBackend {
  const core = new CpuCore(precision);
  const reference = [cpuMatmul(core), cpuPointwise(core), cpuConv(core), cpuNorm(core), cpuOptim(core), cpuAugment(core), cpuGuard(core)];
  const backend = Object.assign(core, ...reference, hotPaths?.(core) ?? {}, cpuCompile(core));
  core.backend = backend as never;
  return backend as CpuBackend;
}

/** Backend.compile on the CPU: nothing to trace, the body runs eagerly on every call. */
function cpuCompile(core: CpuCore): Pick<CoreBackend, 'compile' | 'profile'> {
  return {
    compile(body) {
      let disposed = false;
      const step = ((read?: Tensor) => {
        if (disposed) throw new Error('This compiled step was disposed.');
        body();
        return read ? core.readLater(read) : null;
      }) as CompiledStep;
      step.kernelTimes = async () => null;
      step.timeNextRun = async () => null;
      step.dispose = () => {
        disposed = true;
      };
      return step;
    },
    async profile(fn) {
      fn();
      return null;
    },
  };
}
