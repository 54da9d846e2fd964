// DynamicU32 values (per-step uniforms such as a batch offset or a random stream) as
// kernel bindings. A kernel declares `const DYN_VEC4S: u32 = 1u;` and reads
// `dyn[word / 4u][word % 4u]` from a uniform array of that many vec4s; the declaration is
// rewritten to the bound buffer's size.
import type { DynamicU32 } from '../backend';
import { uniformBuffer, type GpuCore } from './core';

export const DYN_DECL = 'const DYN_VEC4S: u32 = 1u;';

/**
 * A DynamicU32 as a uniform binding plus the word to read: a UniformBlock's own buffer (so
 * a replayed plan sees each step's value), or a small constant buffer for a plain number.
 */
export function dynamicBinding(core: GpuCore, d: DynamicU32): { buffer: GPUBuffer; word: number; vec4s: number } {
  if (typeof d === 'number') {
    if (!Number.isInteger(d) || d < 0 || d > 0xffffffff) throw new Error(`A per-step uniform value must be a u32 (0 to 4294967295); got ${d}.`);
    return { buffer: core.rt.uniform(Uint32Array.of(d)), word: 0, vec4s: 1 };
  }
  const buffer = uniformBuffer(d.block);
  if (!buffer) throw new Error('This UniformBlock was not made by the WebGPU backend (createUniforms).');
  if (d.index >= d.block.words) throw new Error(`Uniform word ${d.index} is outside a block of ${d.block.words} words.`);
  return { buffer, word: d.index, vec4s: buffer.size / 16 };
}

/** Sizes a kernel's `dyn` array to the bound buffer. */
export function withDynamicSize(code: string, vec4s: number): string {
  if (!code.includes(DYN_DECL)) throw new Error('Kernel source lacks the DYN_VEC4S declaration.');
  return code.replace(DYN_DECL, `const DYN_VEC4S: u32 = ${vec4s}u;`);
}
