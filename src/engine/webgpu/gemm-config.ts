// Choosing a GEMM variant for a shape: tile sizes (override constants) from the adapter's
// limits and the output's size, and vec4 or scalar access per operand from alignment.

/** Override constants of shaders/gemm.wgsl plus the access widths of its operands. */
export interface GemmVariant {
  /** Threads along N and M; the output tile is (TY·RM)×(TX·RN). */
  TX: number;
  TY: number;
  /** Register block per thread (4 or 8 each). */
  RM: number;
  RN: number;
  /** Depth of one staged K step. */
  BK: number;
  /** Rows of A / B (as stored) and of C have a multiple of 4 columns: vec4 loads/stores. */
  vecA: boolean;
  vecB: boolean;
  vecC: boolean;
  /** Split-K: K slices reduced by separate workgroups (1: none), each kChunk deep (a multiple of BK). */
  splits: number;
  kChunk: number;
}

export interface GemmLimits {
  maxComputeWorkgroupStorageSize?: number;
  maxComputeInvocationsPerWorkgroup?: number;
}

type Forced = Partial<Pick<GemmVariant, 'TX' | 'TY' | 'BK' | 'RM' | 'RN' | 'splits'>>;
type Tile = Pick<GemmVariant, 'TX' | 'TY' | 'RM' | 'RN'>;

/**
 * Tile shapes from the biggest down: 8×8 registers per thread (4 vec4 reads per 16 vec4
 * FMAs from workgroup memory) before 4×4 (2 per 4), and never fewer than 64 threads (two
 * warps / one wavefront). The rectangular ones serve skinny outputs (an MLP step at batch
 * 64 has 64 rows).
 */
const TILES: Tile[] = [
  { TX: 16, TY: 16, RM: 8, RN: 8 }, // 128×128
  { TX: 8, TY: 8, RM: 8, RN: 8 }, // 64×64
  { TX: 16, TY: 16, RM: 4, RN: 4 }, // 64×64
  { TX: 16, TY: 8, RM: 4, RN: 4 }, // 32×64
  { TX: 8, TY: 16, RM: 4, RN: 4 }, // 64×32
  { TX: 8, TY: 8, RM: 4, RN: 4 }, // 32×32
  { TX: 16, TY: 4, RM: 4, RN: 4 }, // 16×64
  { TX: 4, TY: 16, RM: 4, RN: 4 }, // 64×16
];

export interface GemmProblem {
  M: number;
  N: number;
  K: number;
  batch: number;
  transA: boolean;
  transB: boolean;
}

/**
 * The biggest tile that leaves enough workgroups to fill the device and does not overhang
 * the output by more than half a tile; when none does, the one giving the most workgroups.
 * `isSoftware` (SwiftShader: a few CPU cores) wants fewer, bigger workgroups.
 */
export function chooseTile(g: GemmProblem, limits: GemmLimits, isSoftware = false): Tile {
  const maxThreads = limits.maxComputeInvocationsPerWorkgroup ?? 256;
  const target = isSoftware ? 8 : 64;
  const tiles = (t: Tile) => Math.ceil(g.M / (t.TY * t.RM)) * Math.ceil(g.N / (t.TX * t.RN)) * g.batch;
  const pow2 = (d: number) => 2 ** Math.ceil(Math.log2(Math.max(d, 16)));
  // SwiftShader runs a 256-thread workgroup much slower than four 64-thread ones (measured:
  // 64×64 with 8×8 threads beat 128×128 with 16×16 by 2.2× on TN 784x512x64, 1.3× on NN 512³).
  const usable = TILES.filter((t) => !isSoftware || t.TX * t.TY <= 64);
  const fits = usable.filter((t) => t.TX * t.TY <= maxThreads && t.TY * t.RM <= pow2(g.M) && t.TX * t.RN <= pow2(g.N));
  const pool = fits.length ? fits : usable.filter((t) => t.TX * t.TY <= maxThreads);
  const area = (t: Tile) => t.TX * t.RN * t.TY * t.RM;
  // Ties (a tiny output is one tile whatever its size) go to the smallest tile.
  const better = (t: Tile, best: Tile) => tiles(t) > tiles(best) || (tiles(t) === tiles(best) && area(t) < area(best));
  return pool.find((t) => tiles(t) >= target) ?? pool.reduce((best, t) => (better(t, best) ? t : best));
}

export function chooseGemmVariant(g: GemmProblem, limits: GemmLimits, forced: Forced = {}, isSoftware = false): GemmVariant {
  const maxShared = limits.maxComputeWorkgroupStorageSize ?? 16384;
  const tile = { ...chooseTile(g, limits, isSoftware) };
  for (const k of ['TX', 'TY', 'RM', 'RN'] as const) if (forced[k] !== undefined) tile[k] = forced[k];
  // BK 16: two 16-deep tiles of 128 fill the 16 KiB of workgroup memory WebGPU guarantees.
  let BK = forced.BK ?? 16;
  while (BK > 4 && BK * (tile.TY * tile.RM + tile.TX * tile.RN) * 4 > maxShared) BK /= 2;
  const { splits, kChunk } = chooseSplits(g, tile, BK, isSoftware, forced.splits);
  return {
    TX: tile.TX,
    TY: tile.TY,
    RM: tile.RM,
    RN: tile.RN,
    BK,
    vecA: (g.transA ? g.M : g.K) % 4 === 0,
    vecB: (g.transB ? g.K : g.N) % 4 === 0,
    vecC: g.N % 4 === 0,
    splits,
    kChunk,
  };
}

/** Partial buffers bigger than this are not worth their memory traffic. */
const MAX_PARTIAL_BYTES = 64 << 20;

/**
 * Split-K: when the output has too few tiles to fill a GPU (a weight gradient with a big
 * batch, dX = dY·Wᵀ of a small batch), split the K loop into slices of at least 128, so that
 * tiles × splits reaches the workgroup target (64); at most 16 slices. Off on software
 * adapters (a few CPU cores are full with a handful of workgroups, and the extra pass only
 * costs there). `wanted` forces the number of slices (tests, benchmarks).
 */
export function chooseSplits(
  g: GemmProblem,
  tile: Tile,
  BK: number,
  isSoftware = false,
  wanted?: number,
): { splits: number; kChunk: number } {
  const none = { splits: 1, kChunk: g.K };
  const tiles = Math.ceil(g.M / (tile.TY * tile.RM)) * Math.ceil(g.N / (tile.TX * tile.RN)) * g.batch;
  if (wanted === undefined) {
    if (isSoftware) return none;
    wanted = Math.min(Math.ceil(64 / tiles), Math.floor(g.K / 128), 16);
    while (wanted > 1 && wanted * g.batch * g.M * g.N * 4 > MAX_PARTIAL_BYTES) wanted--;
  }
  if (wanted < 2 || g.K <= BK) return none;
  const kChunk = Math.ceil(g.K / wanted / BK) * BK;
  const splits = Math.ceil(g.K / kChunk);
  return splits > 1 ? { splits, kChunk } : none;
}
