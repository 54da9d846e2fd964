// The baseline the tiled GEMMs are measured against: one thread per output, C = op(A)·op(B),
// every operand read straight from global memory (no reuse between threads). Used by the
// GEMM lab (src/engine/webgpu/gemm-lab.ts) and bench/gemm-node.ts.
struct Params {
  M: u32,
  N: u32,
  K: u32,
  _pad: u32,
}

// 1: A is stored [K, M] (TN); B is stored [N, K] (NT).
override TRANS_A: u32 = 0u;
override TRANS_B: u32 = 0u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read_write> C: array<f32>;

fn a_at(row: u32, k: u32) -> f32 {
  if (TRANS_A == 1u) {
    return A[k * params.M + row];
  }
  return A[row * params.K + k];
}

fn b_at(k: u32, col: u32) -> f32 {
  if (TRANS_B == 1u) {
    return B[col * params.K + k];
  }
  return B[k * params.N + col];
}

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row = gid.y;
  let col = gid.x;
  if (row >= params.M || col >= params.N) {
    return;
  }
  var sum = 0.0;
  for (var k = 0u; k < params.K; k++) {
    sum += a_at(row, k) * b_at(k, col);
  }
  C[row * params.N + col] = sum;
}
