// Register-tiled GEMM with a fused epilogue:
//   C[b] = activation(op(A[b]) · op(B[b]) + bias),  op(X) = X or Xᵀ (TRANS_A, TRANS_B).
// Each workgroup computes BM×BN outputs (BM = TY·RM, BN = TX·RN); each thread an RM×RN
// register block. Per BK-deep step the workgroup stages op(A)[BM×BK] and op(B)[BK×BN] in
// workgroup memory, both k-major, so the inner loop is the same for every layout: one vec4
// of A (4 rows), one vec4 of B (4 columns), 16 FMAs. Global loads are vec4 along whichever
// axis is contiguous in memory; a transposed operand is scattered into the k-major tile
// while staging, never read strided in the inner loop.
//
// Split-K (SPLIT_K): workgroup z also selects a K slice (kChunk, a multiple of BK, so
// slices never share a staged step) and the raw sums go to a partial buffer.
//
// Bindings: 0 params, 1 A, 2 B (spliced in below with their loaders), 3 bias,
// 4 C and 5 Z (the pre-activation, written when KEEP_Z; spliced with the store).
struct Params {
  M: u32,
  N: u32,
  K: u32,
  batch: u32,
  strideA: u32,
  strideB: u32,
  strideC: u32,
  alpha: f32,
  // Split-K: workgroup z runs over splits·batch; split s reduces k in [s·kChunk, (s+1)·kChunk).
  // Without split-K, splits = 1 and kChunk = K.
  kChunk: u32,
  splits: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
//!OPERANDS

// Threads per workgroup along N (x) and M (y), and the depth of a staged K step.
override TX: u32 = 16u;
override TY: u32 = 16u;
override BK: u32 = 16u;
override TRANS_A: bool = false;
override TRANS_B: bool = false;
override HAS_BIAS: bool = false;
override KEEP_Z: bool = false;
// Split-K: store the raw partial sums (C is the [splits, batch, M, N] partial buffer); the
// bias, activation and z are applied by shaders/gemm-splitk-reduce.wgsl after the fixed-order sum.
override SPLIT_K: bool = false;

// The per-thread register block is RM×RN (multiples of 4). NOTE: it is unrolled into
// named registers by gemm-source.ts (spliced at the REGISTER_BLOCK, FMA and STORE marks):
// compilers such as SwiftShader's keep a dynamically indexed per-thread array in memory.
//!REGISTER_BLOCK

// op(A) tile as As[k][m] and op(B) tile as Bs[k][n], in vec4s along m and n.
var<workgroup> As: array<vec4<f32>, BK * TY * RM / 4u>;
var<workgroup> Bs: array<vec4<f32>, BK * TX * RN / 4u>;

//!POINTWISE

fn stage_tiles(tid: u32, baseA: u32, baseB: u32, m0: u32, n0: u32, k0: u32) {
  let M = params.M;
  let N = params.N;
  let K = params.K;
  let BM = TY * RM;
  let BN = TX * RN;
  let threads = TX * TY;
  for (var i = tid; i < BM * BK / 4u; i += threads) {
    if (TRANS_A) {
      // A is [K, M]: 4 consecutive m of one k row.
      let k = i / (BM / 4u);
      let mq = i % (BM / 4u);
      As[k * (BM / 4u) + mq] = load_A(baseA, k0 + k, m0 + mq * 4u, K, M);
    } else {
      // A is [M, K]: 4 consecutive k of one m row, scattered into 4 k rows of the tile.
      let m = i / (BK / 4u);
      let kq = i % (BK / 4u);
      let v = load_A(baseA, m0 + m, k0 + kq * 4u, M, K);
      for (var c = 0u; c < 4u; c++) {
        As[(kq * 4u + c) * (BM / 4u) + m / 4u][m % 4u] = v[c];
      }
    }
  }
  for (var i = tid; i < BN * BK / 4u; i += threads) {
    if (TRANS_B) {
      // B is [N, K]: 4 consecutive k of one n row, scattered into 4 k rows of the tile.
      let n = i / (BK / 4u);
      let kq = i % (BK / 4u);
      let v = load_B(baseB, n0 + n, k0 + kq * 4u, N, K);
      for (var c = 0u; c < 4u; c++) {
        Bs[(kq * 4u + c) * (BN / 4u) + n / 4u][n % 4u] = v[c];
      }
    } else {
      // B is [K, N]: 4 consecutive n of one k row.
      let k = i / (BN / 4u);
      let nq = i % (BN / 4u);
      Bs[k * (BN / 4u) + nq] = load_B(baseB, k0 + k, n0 + nq * 4u, K, N);
    }
  }
}

// Adds the bias, applies the activation and stores 4 outputs of one row (both y and z).
fn epilogue(base: u32, row: u32, col: u32, acc: vec4<f32>) {
  if (SPLIT_K) {
    store_C(base, row, col, params.M, params.N, acc, acc);
    return;
  }
  var z = acc;
  if (HAS_BIAS) {
    for (var t = 0u; t < 4u; t++) {
      if (col + t < params.N) {
        z[t] += bias[col + t];
      }
    }
  }
  let a = params.alpha;
  let y = vec4<f32>(op_f(z.x, a), op_f(z.y, a), op_f(z.z, a), op_f(z.w, a));
  store_C(base, row, col, params.M, params.N, y, z);
}

@compute @workgroup_size(TX, TY)
fn main(
  @builtin(local_invocation_id) lid: vec3<u32>,
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
) {
  let M = params.M;
  let N = params.N;
  let K = params.K;
  let BM = TY * RM;
  let BN = TX * RN;
  let tid = lid.y * TX + lid.x;
  let tilesM = (M + BM - 1u) / BM;
  let tilesN = (N + BN - 1u) / BN;
  // Grid-stride loops: any batch and size fits the 65535-workgroups-per-dimension limit.
  for (var bz = wid.z; bz < params.batch * params.splits; bz += nwg.z) {
    let b = bz % params.batch;
    let kBegin = (bz / params.batch) * params.kChunk;
    let kEnd = min(K, kBegin + params.kChunk);
    for (var tm = wid.y; tm < tilesM; tm += nwg.y) {
      for (var tn = wid.x; tn < tilesN; tn += nwg.x) {
        let m0 = tm * BM;
        let n0 = tn * BN;
        //!ACC_DECL
        for (var k0 = kBegin; k0 < kEnd; k0 += BK) {
          stage_tiles(tid, b * params.strideA, b * params.strideB, m0, n0, k0);
          workgroupBarrier();
          for (var k = 0u; k < BK; k++) {
            let ak = k * (BM / 4u) + lid.y * (RM / 4u);
            let bk = k * (BN / 4u) + lid.x * (RN / 4u);
            //!ACC_FMA
          }
          workgroupBarrier();
        }
        let row = m0 + lid.y * RM;
        let col = n0 + lid.x * RN;
        let base = bz * params.strideC;
        //!ACC_STORE
      }
    }
  }
}
