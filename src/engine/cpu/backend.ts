// The CPU backend: the reference every GPU kernel is tested against, the fallback where
// WebGPU is missing, and (in 'f64') the oracle for finite-difference gradient checks.
import type { Backend } from '../backend';
import { CpuCore } from './core';
import { cpuMatmul } from './matmul';
import { cpuPointwise } from './pointwise';
import { cpuConv } from './conv';
import { cpuNorm } from './norm';
import { cpuOptim } from './optim';
import { cpuAugment } from './augment';

export type CpuBackend = Backend & CpuCore;

export function createCpuBackend(precision: 'f32' | 'f64' = 'f32'): CpuBackend {
  const core = new CpuCore(precision);
  const backend = Object.assign(core, cpuMatmul(core), cpuPointwise(core), cpuConv(core), cpuNorm(core), cpuOptim(core), cpuAugment(core));
  core.backend = backend as never;
  return backend as CpuBackend;
}
