// Assembles the WGSL of one GEMM variant from shaders/gemm*.wgsl: operand loaders and the
// output store (vec4 or scalar, by alignment), the activation from the pointwise table, and
// the register block unrolled into named vec4 registers.
import { withPointwise } from './pointwise.gen';
import type { GemmVariant } from './gemm-config';
import type { Activation } from '../kernels/pointwise';
import gemmWgsl from '../../../shaders/gemm.wgsl?raw';
import loadVec4Wgsl from '../../../shaders/gemm-load-vec4.wgsl?raw';
import loadScalarWgsl from '../../../shaders/gemm-load-scalar.wgsl?raw';
import storeVec4Wgsl from '../../../shaders/gemm-store-vec4.wgsl?raw';
import storeScalarWgsl from '../../../shaders/gemm-store-scalar.wgsl?raw';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const lanes = ['x', 'y', 'z', 'w'];

/**
 * The RM×RN register block as straight-line WGSL: acc{i}_{j} holds row i, columns 4j..4j+3.
 * Per k: RM/4 vec4 reads of the A tile, RN/4 of the B tile, RM·RN/4 vec4 FMAs.
 */
export function registerBlock(RM: number, RN: number): { decl: string; fma: string; store: string } {
  const rows = range(RM);
  const cols = range(RN / 4);
  const acc = (i: number, j: number) => `acc${i}_${j}`;
  const decl = rows.flatMap((i) => cols.map((j) => `var ${acc(i, j)} = vec4<f32>(0.0);`));
  const fma = [
    ...range(RM / 4).map((q) => `let a${q} = As[ak + ${q}u];`),
    ...cols.map((j) => `let b${j} = Bs[bk + ${j}u];`),
    ...rows.flatMap((i) => cols.map((j) => `${acc(i, j)} = fma(vec4<f32>(a${i >> 2}.${lanes[i & 3]}), b${j}, ${acc(i, j)});`)),
  ];
  const store = rows.flatMap((i) => cols.map((j) => `epilogue(base, row + ${i}u, col + ${4 * j}u, ${acc(i, j)});`));
  const indent = (lines: string[], n: number) => lines.join('\n' + ' '.repeat(n));
  return { decl: indent(decl, 8), fma: indent(fma, 12), store: indent(store, 8) };
}

/** The full WGSL of one GEMM variant (the pipeline cache keys on it). */
export function gemmSource(v: Pick<GemmVariant, 'vecA' | 'vecB' | 'vecC' | 'RM' | 'RN'>, activation: Activation): string {
  const operand = (src: string, name: string, slot: number) => src.replaceAll('OPERAND', name).replaceAll('SLOT', String(slot));
  const operands = [
    operand(v.vecA ? loadVec4Wgsl : loadScalarWgsl, 'A', 1),
    operand(v.vecB ? loadVec4Wgsl : loadScalarWgsl, 'B', 2),
    v.vecC ? storeVec4Wgsl : storeScalarWgsl,
  ].join('\n');
  const block = registerBlock(v.RM, v.RN);
  const code = gemmWgsl
    .replace('//!OPERANDS', operands)
    .replace('//!REGISTER_BLOCK', `const RM = ${v.RM}u;\nconst RN = ${v.RN}u;`)
    .replace('//!ACC_DECL', block.decl)
    .replace('//!ACC_FMA', block.fma)
    .replace('//!ACC_STORE', block.store);
  return withPointwise(code, activation);
}
