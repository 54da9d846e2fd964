// out = x OP s for a scalar s (OP as in binary.wgsl: 0 add ... 6 min), or OP 7: clamp(x, lo, hi).
struct Params { count: u32, s: f32, lo: f32, hi: f32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

override OP: u32 = 0;
override WG: u32 = 256;

fn pow_f(v: f32, e: f32) -> f32 {
  if (e == 0.0) { return 1.0; }
  let r = pow(abs(v), e);
  return select(r, -r, v < 0.0 && abs(e) % 2.0 == 1.0);
}

fn apply(v: f32, s: f32) -> f32 {
  switch (OP) {
    case 0u: { return v + s; }
    case 1u: { return v - s; }
    case 2u: { return v * s; }
    case 3u: { return v / s; }
    case 4u: { return pow_f(v, s); }
    case 5u: { return max(v, s); }
    case 6u: { return min(v, s); }
    default: { return min(max(v, params.lo), params.hi); }
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i < params.count) {
    out[i] = apply(x[i], params.s);
  }
}
