// Σ g², level 2: one workgroup adds the level-1 partials (strided, then a fixed tree).
struct Params { count: u32 }

@group(0) @binding(0) var<storage, read> partial: array<f32>;
@group(0) @binding(1) var<storage, read_write> total: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

override WG: u32 = 256;

var<workgroup> red: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) li: u32) {
  var acc = 0.0;
  for (var i = li; i < p.count; i += WG) {
    acc += partial[i];
  }
  red[li] = acc;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    if (li < stride) {
      red[li] += red[li + stride];
    }
    workgroupBarrier();
  }
  if (li == 0u) {
    total[0] = red[0];
  }
}
