// The implicit-GEMM core shared by conv2d, its input gradient and its filter gradient:
// C[M, N] = A[M, K] · B[K, N], where A and B are never materialized: the kernel file this
// is appended to defines rowInfo / loadA / loadB (im2col on the fly, zero padding by bounds
// checks) and storeC (the epilogue), plus the binding `p: ConvParams`. rowInfo(row) is
// computed once per tile row into workgroup memory, so the integer divisions that split a
// row index into (batch, y, x) are not repeated for every k.
//
// Register tiling: a workgroup of WG_M x WG_N threads computes a BM x BN tile of C, each
// thread TM x TN outputs strided by the workgroup size (so workgroup-memory reads are
// conflict-free and global stores of neighbouring threads are neighbouring columns).
// Split-K (SPLIT_K): workgroup z picks a slice of K and storeC writes a partial sum that a
// second, fixed-order pass adds up: deterministic, no atomics.

override WG_M: u32 = 16;
override WG_N: u32 = 16;
override SPLIT_K: bool = false;
const TM: u32 = 4u;
const TN: u32 = 4u;
const BK: u32 = 16u;
override BM: u32 = WG_M * TM;
override BN: u32 = WG_N * TN;

var<workgroup> tileA: array<f32, BK * BM>;
var<workgroup> tileB: array<f32, BK * BN>;
var<workgroup> rowInfos: array<vec4<i32>, BM>;

@compute @workgroup_size(WG_N, WG_M)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  var mTile = wid.x;
  var split = 0u;
  // NOTE: without split-K, z carries the M tiles that do not fit 65535 workgroups in x.
  if (SPLIT_K) { split = wid.z; } else { mTile = wid.x + wid.z * nwg.x; }
  let row0 = mTile * BM;
  let col0 = wid.y * BN;
  if (row0 >= p.M) { return; }
  let kBegin = split * p.kChunk;
  let kEnd = min(p.K, kBegin + p.kChunk);
  let tid = lid.y * WG_N + lid.x;
  let threads = WG_M * WG_N;
  for (var r = tid; r < BM; r += threads) {
    if (row0 + r < p.M) { rowInfos[r] = rowInfo(row0 + r); }
  }
  workgroupBarrier();

  // NOTE: the 4x4 register tile is four named vec4 rows, not an indexed array: private
  // arrays indexed in loops end up in (slow) local memory on some compilers (SwiftShader).
  var acc0 = vec4<f32>();
  var acc1 = vec4<f32>();
  var acc2 = vec4<f32>();
  var acc3 = vec4<f32>();
  var k0 = kBegin;
  loop {
    if (k0 >= kEnd) { break; }
    // Consecutive threads load consecutive k of a row (contiguous input channels).
    for (var i = tid; i < BM * BK; i += threads) {
      let r = i / BK;
      let kk = i % BK;
      var v = 0.0;
      if (row0 + r < p.M && k0 + kk < kEnd) { v = loadA(rowInfos[r], k0 + kk); }
      tileA[kk * BM + r] = v;
    }
    for (var i = tid; i < BN * BK; i += threads) {
      let c = i % BN;
      let kk = i / BN;
      var v = 0.0;
      if (col0 + c < p.N && k0 + kk < kEnd) { v = loadB(k0 + kk, col0 + c); }
      tileB[kk * BN + c] = v;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < BK; kk++) {
      let ra = kk * BM + lid.y;
      let cb = kk * BN + lid.x;
      let a = vec4<f32>(tileA[ra], tileA[ra + WG_M], tileA[ra + 2u * WG_M], tileA[ra + 3u * WG_M]);
      let b = vec4<f32>(tileB[cb], tileB[cb + WG_N], tileB[cb + 2u * WG_N], tileB[cb + 3u * WG_N]);
      acc0 = fma(vec4<f32>(a.x), b, acc0);
      acc1 = fma(vec4<f32>(a.y), b, acc1);
      acc2 = fma(vec4<f32>(a.z), b, acc2);
      acc3 = fma(vec4<f32>(a.w), b, acc3);
    }
    workgroupBarrier();
    k0 += BK;
  }

  storeRow(row0 + lid.y, col0 + lid.x, split, acc0);
  storeRow(row0 + lid.y + WG_M, col0 + lid.x, split, acc1);
  storeRow(row0 + lid.y + 2u * WG_M, col0 + lid.x, split, acc2);
  storeRow(row0 + lid.y + 3u * WG_M, col0 + lid.x, split, acc3);
}

/** Stores one thread's row of TN outputs (columns strided by WG_N), bounds-checked. */
fn storeRow(row: u32, col: u32, split: u32, v: vec4<f32>) {
  if (row >= p.M) { return; }
  for (var j = 0u; j < TN; j++) {
    if (col + j * WG_N < p.N) { storeC(row, col + j * WG_N, split, v[j]); }
  }
}
