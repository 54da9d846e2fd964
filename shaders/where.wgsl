// out = cond != 0 ? a : b, all three broadcast (general strides, 0 on broadcast dims, rank <= 8).
// cond is read as raw bits: COND_F32 = 1 treats -0.0 as zero too.
struct Params {
  count: u32,
  rank: u32,
  _pad0: u32,
  _pad1: u32,
  shape: array<vec4<u32>, 2>,
  cStrides: array<vec4<u32>, 2>,
  aStrides: array<vec4<u32>, 2>,
  bStrides: array<vec4<u32>, 2>,
}

@group(0) @binding(0) var<storage, read> cond: array<u32>;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;

override COND_F32: bool = true;
override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= params.count) { return; }
  var rem = i;
  var ic = 0u;
  var ia = 0u;
  var ib = 0u;
  for (var d = i32(params.rank) - 1; d >= 0; d--) {
    let n = params.shape[d / 4][d % 4];
    let k = rem % n;
    rem = rem / n;
    ic += k * params.cStrides[d / 4][d % 4];
    ia += k * params.aStrides[d / 4][d % 4];
    ib += k * params.bStrides[d / 4][d % 4];
  }
  let bits = select(cond[ic], cond[ic] & 0x7fffffffu, COND_F32);
  out[i] = select(b[ib], a[ia], bits != 0u);
}
