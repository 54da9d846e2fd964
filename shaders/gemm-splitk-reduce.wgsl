// Split-K finish: C[i] = op_f(Σ_s partial[s][i] + bias[i % N]), Z[i] = the pre-activation.
// partial is [splits, batch·M·N] from shaders/gemm.wgsl with SPLIT_K; each output is one
// thread's sum over the splits in split order: deterministic, no atomics.
struct Params {
  total: u32,
  N: u32,
  splits: u32,
  alpha: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> partial: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> C: array<f32>;
@group(0) @binding(4) var<storage, read_write> Z: array<f32>;

override WG: u32 = 256u;
override HAS_BIAS: bool = false;
override KEEP_Z: bool = false;

//!POINTWISE

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= params.total) {
    return;
  }
  var z = 0.0;
  for (var s = 0u; s < params.splits; s++) {
    z += partial[s * params.total + i];
  }
  if (HAS_BIAS) {
    z += bias[i % params.N];
  }
  C[i] = op_f(z, params.alpha);
  if (KEEP_Z) {
    Z[i] = z;
  }
}
