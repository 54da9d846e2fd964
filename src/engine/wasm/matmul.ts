// The matmul family on the wasm backend: the GEMM of every layout (NN, NT, TN; TT too) and
// its bias in the SIMD kernel (assembly/gemm.ts); the activation epilogue and the epilogue
// gradient are the CPU reference's own (O(MN) beside the GEMM's O(MNK); the activations'
// code is generated from one table for TypeScript and WGSL, not for AssemblyScript).
import type { MatmulKernels } from '../kernels/matmul';
import type { CpuCore } from '../cpu/core';
import { cpuMatmul, type BatchedGemm } from '../cpu/matmul';
import type { WasmArena } from './module';

/** One matmul call: operands copied in once, every batch run in wasm memory, z copied out. */
export function wasmGemm(arena: WasmArena): BatchedGemm {
  return (s, transA, transB, a, b, z, bias) => {
    const { batch, M, N, K, sharedB } = s;
    arena.begin();
    const pa = arena.put(a);
    const pb = arena.put(b);
    const pbias = bias ? arena.put(bias) : 0;
    const pz = arena.alloc(z.length);
    const scratch = arena.gemmScratch();
    for (let p = 0; p < batch; p++) {
      const bAt = pb + (sharedB ? 0 : p * K * N * 4);
      arena.k.gemm(M, N, K, pa + p * M * K * 4, +transA, bAt, +transB, pz + p * M * N * 4, 0, pbias, scratch);
    }
    z.set(arena.f32(pz, z.length));
  };
}

export function wasmMatmul(core: CpuCore, arena: WasmArena): MatmulKernels {
  return cpuMatmul(core, wasmGemm(arena));
}
