// The wasm backend's GEMM (AssemblyScript, 128-bit SIMD): c = op(a)·op(b) in f32 over
// packed panels, GotoBLAS style. op(b) is packed once per KC×NC block into NR-column
// panels (k-major, zero-padded past N), op(a) per MC×KC block into MR-row panels
// (k-major, zero-padded past M); an MR×NR micro-kernel keeps the whole output tile in
// registers (8 f32x4 accumulators) while it walks k. Transposed operands are read only by
// the packing, so every layout (NN, NT, TN, TT) runs the same micro-kernel.
//
// NOTE: the sum runs k = 0, 1, ... K-1 into each output, one f32 multiply and one f32
// add per term (no fused multiply-add: relaxed SIMD may or may not fuse, which would
// make results depend on the machine). A K block starts from the partial sums in c, so
// blocking never reorders the sum; the same inputs give the same bits on every run.

/** Rows and columns of the register tile (8 accumulators + 2 b vectors + 1 broadcast < 16 xmm registers). */
const MR: i32 = 4;
const NR: i32 = 8;
/** Block sizes: an op(a) block MC×KC (64 KiB) stays in L2, an op(b) micro-panel KC×NR (8 KiB) in L1. */
const KC: i32 = 256;
const MC: i32 = 64;
const NC: i32 = 256;

/** Floats of scratch `gemm` needs: both packed blocks, one edge tile and its bias row. */
export function gemmScratchFloats(): i32 {
  return MC * KC + KC * NC + MR * NR + NR;
}

/** Start of the memory the kernels do not use themselves: the caller's operands go from here. */
export function heapBase(): usize {
  return __heap_base;
}

function min(a: i32, b: i32): i32 {
  return a < b ? a : b;
}

/** op(a)[ic:ic+mc, pc:pc+kc] into MR-row panels; a is [M, K], or [K, M] with transA. */
function packA(a: usize, transA: bool, M: i32, K: i32, ic: i32, mc: i32, pc: i32, kc: i32, dst: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    let out = dst + <usize>(ir * kc) * 4;
    for (let k = 0; k < kc; k++) {
      if (transA) {
        const src = a + (<usize>(pc + k) * <usize>M + <usize>(ic + ir)) * 4;
        if (rows == MR) v128.store(out, v128.load(src));
        else for (let r = 0; r < MR; r++) store<f32>(out + <usize>r * 4, r < rows ? load<f32>(src + <usize>r * 4) : 0);
      } else {
        const src = a + (<usize>(ic + ir) * <usize>K + <usize>(pc + k)) * 4;
        const row = <usize>K * 4;
        for (let r = 0; r < MR; r++) store<f32>(out + <usize>r * 4, r < rows ? load<f32>(src + <usize>r * row) : 0);
      }
      out += MR * 4;
    }
  }
}

/** op(b)[pc:pc+kc, jc:jc+nc] into NR-column panels; b is [K, N], or [N, K] with transB. */
function packB(b: usize, transB: bool, N: i32, K: i32, pc: i32, kc: i32, jc: i32, nc: i32, dst: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    let out = dst + <usize>(jr * kc) * 4;
    for (let k = 0; k < kc; k++) {
      if (transB) {
        const src = b + (<usize>(jc + jr) * <usize>K + <usize>(pc + k)) * 4;
        const row = <usize>K * 4;
        for (let j = 0; j < NR; j++) store<f32>(out + <usize>j * 4, j < cols ? load<f32>(src + <usize>j * row) : 0);
      } else {
        const src = b + (<usize>(pc + k) * <usize>N + <usize>(jc + jr)) * 4;
        if (cols == NR) {
          v128.store(out, v128.load(src));
          v128.store(out, v128.load(src, 16), 16);
        } else for (let j = 0; j < NR; j++) store<f32>(out + <usize>j * 4, j < cols ? load<f32>(src + <usize>j * 4) : 0);
      }
      out += NR * 4;
    }
  }
}

/**
 * One MR×NR tile of c (rows × cols of it real): c (+)= ap-panel · bp-panel over kc terms,
 * then + bias (bias != 0, on the last K block only). Edge tiles go through `tile`.
 */
function microKernel(kc: i32, ap: usize, bp: usize, c: usize, ldc: usize, rows: i32, cols: i32, loadC: bool, bias: usize, tile: usize): void {
  const full = rows == MR && cols == NR;
  let dst = c;
  let stride = ldc;
  if (!full) {
    // Work on a zeroed MR×NR copy of the real part, written back at the end.
    dst = tile;
    stride = NR * 4;
    memory.fill(tile, 0, MR * NR * 4);
    if (loadC) for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) store<f32>(tile + <usize>(r * NR + j) * 4, load<f32>(c + <usize>r * ldc + <usize>j * 4));
  }
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  if (loadC || !full) {
    c00 = v128.load(dst); c01 = v128.load(dst, 16);
    c10 = v128.load(dst + stride); c11 = v128.load(dst + stride, 16);
    c20 = v128.load(dst + 2 * stride); c21 = v128.load(dst + 2 * stride, 16);
    c30 = v128.load(dst + 3 * stride); c31 = v128.load(dst + 3 * stride, 16);
  }
  let a = ap;
  let b = bp;
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let s = v128.load32_splat(a);
    c00 = f32x4.add(c00, f32x4.mul(s, b0)); c01 = f32x4.add(c01, f32x4.mul(s, b1));
    s = v128.load32_splat(a, 4);
    c10 = f32x4.add(c10, f32x4.mul(s, b0)); c11 = f32x4.add(c11, f32x4.mul(s, b1));
    s = v128.load32_splat(a, 8);
    c20 = f32x4.add(c20, f32x4.mul(s, b0)); c21 = f32x4.add(c21, f32x4.mul(s, b1));
    s = v128.load32_splat(a, 12);
    c30 = f32x4.add(c30, f32x4.mul(s, b0)); c31 = f32x4.add(c31, f32x4.mul(s, b1));
    a += MR * 4;
    b += NR * 4;
  }
  if (bias != 0) {
    // Bias after the whole sum, as the reference: z = Σ + bias. Padded columns read 0.
    let row = bias;
    if (cols < NR) {
      row = tile + MR * NR * 4;
      for (let j = 0; j < NR; j++) store<f32>(row + <usize>j * 4, j < cols ? load<f32>(bias + <usize>j * 4) : 0);
    }
    const bias0 = v128.load(row), bias1 = v128.load(row, 16);
    c00 = f32x4.add(c00, bias0); c01 = f32x4.add(c01, bias1);
    c10 = f32x4.add(c10, bias0); c11 = f32x4.add(c11, bias1);
    c20 = f32x4.add(c20, bias0); c21 = f32x4.add(c21, bias1);
    c30 = f32x4.add(c30, bias0); c31 = f32x4.add(c31, bias1);
  }
  v128.store(dst, c00); v128.store(dst, c01, 16);
  v128.store(dst + stride, c10); v128.store(dst + stride, c11, 16);
  v128.store(dst + 2 * stride, c20); v128.store(dst + 2 * stride, c21, 16);
  v128.store(dst + 3 * stride, c30); v128.store(dst + 3 * stride, c31, 16);
  if (!full) for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) store<f32>(c + <usize>r * ldc + <usize>j * 4, load<f32>(tile + <usize>(r * NR + j) * 4));
}

/**
 * c[M×N] = op(a)·op(b) (+ bias[N] when bias != 0), or c += op(a)·op(b) with `accumulate`.
 * Pointers are byte addresses of f32 arrays; `scratch` holds gemmScratchFloats() floats.
 */
export function gemm(M: i32, N: i32, K: i32, a: usize, transA: bool, b: usize, transB: bool, c: usize, accumulate: bool, bias: usize, scratch: usize): void {
  const ldc = <usize>N * 4;
  const apack = scratch;
  const bpack = apack + <usize>(MC * KC) * 4;
  // The edge tile, then one tile row for the bias of an edge tile.
  const tile = bpack + <usize>(KC * NC) * 4;
  if (K == 0) {
    if (!accumulate) for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) store<f32>(c + <usize>i * ldc + <usize>j * 4, bias != 0 ? load<f32>(bias + <usize>j * 4) : 0);
    return;
  }
  for (let jc = 0; jc < N; jc += NC) {
    const nc = min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = min(KC, K - pc);
      packB(b, transB, N, K, pc, kc, jc, nc, bpack);
      const loadC = accumulate || pc > 0;
      const lastK = pc + kc >= K;
      for (let ic = 0; ic < M; ic += MC) {
        const mc = min(MC, M - ic);
        packA(a, transA, M, K, ic, mc, pc, kc, apack);
        for (let jr = 0; jr < nc; jr += NR) {
          const bp = bpack + <usize>(jr * kc) * 4;
          const tileBias = lastK && bias != 0 ? bias + <usize>(jc + jr) * 4 : 0;
          for (let ir = 0; ir < mc; ir += MR) {
            const cTile = c + <usize>(ic + ir) * ldc + <usize>(jc + jr) * 4;
            microKernel(kc, apack + <usize>(ir * kc) * 4, bp, cTile, ldc, min(MR, mc - ir), min(NR, nc - jr), loadC, tileBias, tile);
          }
        }
      }
    }
  }
}
