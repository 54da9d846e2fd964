// The baseline the tiled GEMM is measured against: one thread per output, C = A·B (NN),
// every operand read straight from global memory. Used by bench/gemm-node.ts only.
struct Params {
  M: u32,
  N: u32,
  K: u32,
  _pad: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read_write> C: array<f32>;

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row = gid.y;
  let col = gid.x;
  if (row >= params.M || col >= params.N) {
    return;
  }
  var sum = 0.0;
  for (var k = 0u; k < params.K; k++) {
    sum += A[row * params.K + k] * B[k * params.N + col];
  }
  C[row * params.N + col] = sum;
}
