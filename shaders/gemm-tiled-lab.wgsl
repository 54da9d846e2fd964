// The GEMM lab's middle step: workgroup tiling without register blocking. A 16×16 workgroup
// stages a 16×16 tile of op(A) and one of op(B) in workgroup (shared) memory, then every
// thread computes its one output from the shared tiles. Each global value is loaded once
// per workgroup instead of once per thread: 16× fewer global reads than the naive kernel.
struct Params {
  M: u32,
  N: u32,
  K: u32,
  _pad: u32,
}

// 1: A is stored [K, M] (TN); B is stored [N, K] (NT).
override TRANS_A: u32 = 0u;
override TRANS_B: u32 = 0u;

const TILE: u32 = 16u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read_write> C: array<f32>;

var<workgroup> tileA: array<array<f32, 16>, 16>;
var<workgroup> tileB: array<array<f32, 16>, 16>;

fn a_at(row: u32, k: u32) -> f32 {
  if (row >= params.M || k >= params.K) {
    return 0.0;
  }
  if (TRANS_A == 1u) {
    return A[k * params.M + row];
  }
  return A[row * params.K + k];
}

fn b_at(k: u32, col: u32) -> f32 {
  if (k >= params.K || col >= params.N) {
    return 0.0;
  }
  if (TRANS_B == 1u) {
    return B[col * params.K + k];
  }
  return B[k * params.N + col];
}

@compute @workgroup_size(16, 16)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  let row = wid.y * TILE + lid.y;
  let col = wid.x * TILE + lid.x;
  var sum = 0.0;
  // No early return: every thread of the workgroup must reach the barriers.
  let tiles = (params.K + TILE - 1u) / TILE;
  for (var t = 0u; t < tiles; t++) {
    tileA[lid.y][lid.x] = a_at(row, t * TILE + lid.x);
    tileB[lid.y][lid.x] = b_at(t * TILE + lid.y, col);
    workgroupBarrier();
    for (var k = 0u; k < TILE; k++) {
      sum += tileA[lid.y][k] * tileB[k][lid.x];
    }
    workgroupBarrier();
  }
  if (row < params.M && col < params.N) {
    C[row * params.N + col] = sum;
  }
}
