// Σ g², level 1: workgroup k sums elements [k·perGroup, (k+1)·perGroup) in a fixed tree
// order into partial[k]. Level 2 (sumsq-final.wgsl) adds the partials; with a single group
// `partial` is the [1] result itself. Deterministic: no atomics.
struct Params { count: u32, perGroup: u32 }

@group(0) @binding(0) var<storage, read> g: array<f32>;
@group(0) @binding(1) var<storage, read_write> partial: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

override WG: u32 = 256;

var<workgroup> red: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let start = wg.x * p.perGroup;
  let end = min(start + p.perGroup, p.count);
  var acc = 0.0;
  for (var i = start + li; i < end; i += WG) {
    let v = g[i];
    acc += v * v;
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
    partial[wg.x] = red[0];
  }
}
