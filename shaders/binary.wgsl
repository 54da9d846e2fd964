// out = a OP b with NumPy broadcasting (OP and MODE are constants, folded at pipeline build).
// OP: 0 add, 1 sub, 2 mul, 3 div, 4 pow, 5 max, 6 min, then f32 0/1 masks 7 eq, 8 ne,
// 9 gt, 10 ge, 11 lt, 12 le, and 13 = a alone (broadcastTo; b is then a again).
// MODE: 0 same shape; 1 b repeats over a's leading dims (b[i % inner]: rows, scalars);
// 2 the same with a and b swapped; 3 general strides (0 on broadcast dims), rank <= 8.
struct Params {
  count: u32,
  rank: u32,
  inner: u32,
  _pad: u32,
  shape: array<vec4<u32>, 2>,
  aStrides: array<vec4<u32>, 2>,
  bStrides: array<vec4<u32>, 2>,
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

override OP: u32 = 0;
override MODE: u32 = 0;
override WG: u32 = 256;

// NOTE: WGSL pow(x, y) is undefined for x < 0; match Math.pow for integer exponents.
fn pow_f(x: f32, y: f32) -> f32 {
  if (y == 0.0) { return 1.0; }
  let r = pow(abs(x), y);
  let odd = abs(y) % 2.0 == 1.0;
  return select(r, -r, x < 0.0 && odd);
}

fn apply(x: f32, y: f32) -> f32 {
  switch (OP) {
    case 0u: { return x + y; }
    case 1u: { return x - y; }
    case 2u: { return x * y; }
    case 3u: { return x / y; }
    case 4u: { return pow_f(x, y); }
    case 5u: { return max(x, y); }
    case 6u: { return min(x, y); }
    case 7u: { return select(0.0, 1.0, x == y); }
    case 8u: { return select(0.0, 1.0, x != y); }
    case 9u: { return select(0.0, 1.0, x > y); }
    case 10u: { return select(0.0, 1.0, x >= y); }
    case 11u: { return select(0.0, 1.0, x < y); }
    case 12u: { return select(0.0, 1.0, x <= y); }
    default: { return x; }
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= params.count) { return; }
  if (MODE == 0u) {
    out[i] = apply(a[i], b[i]);
  } else if (MODE == 1u) {
    out[i] = apply(a[i], b[i % params.inner]);
  } else if (MODE == 2u) {
    out[i] = apply(a[i % params.inner], b[i]);
  } else {
    var rem = i;
    var ia = 0u;
    var ib = 0u;
    for (var d = i32(params.rank) - 1; d >= 0; d--) {
      let n = params.shape[d / 4][d % 4];
      let k = rem % n;
      rem = rem / n;
      ia += k * params.aStrides[d / 4][d % 4];
      ib += k * params.bStrides[d / 4][d % 4];
    }
    out[i] = apply(a[ia], b[ib]);
  }
}
