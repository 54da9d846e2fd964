// Choosing a GEMM variant for a shape: tile sizes (override constants) from the adapter's
// limits and the output's size, and vec4 or scalar access per operand from alignment.

/** Override constants of shaders/gemm.wgsl plus the access widths of its operands. */
export interface GemmVariant {
  /** Threads along N and M; the output tile is (TY·4)×(TX·4). */
  TX: number;
  TY: number;
  /** Depth of one staged K step. */
  BK: number;
  /** Rows of A / B (as stored) and of C have a multiple of 4 columns: vec4 loads/stores. */
  vecA: boolean;
  vecB: boolean;
  vecC: boolean;
}

export interface GemmLimits {
  maxComputeWorkgroupStorageSize?: number;
  maxComputeInvocationsPerWorkgroup?: number;
}

/** Fewer output tiles than this leaves a real GPU's cores idle: shrink tiles for skinny shapes. */
const TARGET_TILES = 64;

export function chooseGemmVariant(
  g: { M: number; N: number; K: number; batch: number; transA: boolean; transB: boolean },
  limits: GemmLimits,
  forced: Partial<Pick<GemmVariant, 'TX' | 'TY' | 'BK'>> = {},
): GemmVariant {
  const maxThreads = limits.maxComputeInvocationsPerWorkgroup ?? 256;
  const maxShared = limits.maxComputeWorkgroupStorageSize ?? 16384;
  // Start from the smallest power-of-two thread count (4..16) covering the dimension in
  // 4-wide register blocks, so a 10-column output does not pay for a 64-wide tile.
  const fit = (d: number) => Math.min(16, Math.max(4, 2 ** Math.ceil(Math.log2(Math.ceil(d / 4)))));
  let TX = forced.TX ?? fit(g.N);
  let TY = forced.TY ?? fit(g.M);
  const tiles = () => Math.ceil(g.M / (TY * 4)) * Math.ceil(g.N / (TX * 4)) * g.batch;
  // Skinny shapes (an MLP step at batch 64: 64×512 outputs is 8 tiles of 64×64): halve
  // the larger tile side until there is enough parallel work or the tiles are 16 wide.
  while (tiles() < TARGET_TILES && (TX > 4 || TY > 4) && forced.TX === undefined && forced.TY === undefined) {
    if (TX >= TY) TX /= 2;
    else TY /= 2;
  }
  while (TX * TY > maxThreads) {
    if (TX >= TY) TX /= 2;
    else TY /= 2;
  }
  // Deeper K steps halve the barriers when workgroup memory allows (two tiles of BK rows).
  let BK = forced.BK ?? (g.K >= 32 ? 32 : 16);
  while (BK > 4 && BK * (TX + TY) * 4 * 4 > maxShared) BK /= 2;
  return {
    TX,
    TY,
    BK,
    vecA: (g.transA ? g.M : g.K) % 4 === 0,
    vecB: (g.transB ? g.K : g.N) % 4 === 0,
    vecC: g.N % 4 === 0,
  };
}
