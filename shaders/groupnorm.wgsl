// Group norm forward, channels last: one workgroup per (sample, group) row. Element k of a
// group (k < spatial · perGroup) is spatial position k / perGroup and channel
// g · perGroup + k % perGroup of its sample. Two passes over the group (mean, then squared
// deviations: no cancellation), each a fixed-order tree (workgroup-reduce.wgsl, prepended).
struct Params { rows: u32, spatial: u32, channels: u32, perGroup: u32, groups: u32, eps: f32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> gamma: array<f32>;
@group(0) @binding(2) var<storage, read> beta: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<storage, read_write> mean: array<f32>;
@group(0) @binding(5) var<storage, read_write> invStd: array<f32>;
@group(0) @binding(6) var<uniform> p: Params;

/** The channel of element k of a group of group `g`. */
fn channelOf(g: u32, k: u32) -> u32 {
  return g * p.perGroup + k % p.perGroup;
}

/** The flat index of element k of group row `row` (sample row / groups, group row % groups). */
fn indexOf(row: u32, k: u32) -> u32 {
  let n = row / p.groups;
  return (n * p.spatial + k / p.perGroup) * p.channels + channelOf(row % p.groups, k);
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) {
    return;
  }
  let size = p.spatial * p.perGroup;
  let n = f32(size);
  var s = 0.0;
  for (var k = li; k < size; k += WG) {
    s += x[indexOf(row, k)];
  }
  let mu = workgroupReduce(li, s, false) / n;
  var q = 0.0;
  for (var k = li; k < size; k += WG) {
    let d = x[indexOf(row, k)] - mu;
    q += d * d;
  }
  let is = 1.0 / sqrt(workgroupReduce(li, q, false) / n + p.eps);
  let g = row % p.groups;
  for (var k = li; k < size; k += WG) {
    let i = indexOf(row, k);
    let c = channelOf(g, k);
    y[i] = (x[i] - mu) * is * gamma[c] + beta[c];
  }
  if (li == 0u) {
    mean[row] = mu;
    invStd[row] = is;
  }
}
