// Layer norm over the last axis: one workgroup per row. Two passes over the row (mean, then
// squared deviations: no cancellation), each a fixed-order tree reduction.
struct Params { rows: u32, width: u32, eps: f32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> gamma: array<f32>;
@group(0) @binding(2) var<storage, read> beta: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<storage, read_write> mean: array<f32>;
@group(0) @binding(5) var<storage, read_write> invStd: array<f32>;
@group(0) @binding(6) var<uniform> p: Params;

override WG: u32 = 64;

var<workgroup> red: array<f32, WG>;

/** Σ over the workgroup of each thread's v, the same value for every thread. */
fn workgroupSum(li: u32, v: f32) -> f32 {
  red[li] = v;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    if (li < stride) {
      red[li] += red[li + stride];
    }
    workgroupBarrier();
  }
  let total = workgroupUniformLoad(&red[0]);
  // NOTE: the next call overwrites red: every thread must have read red[0] first.
  workgroupBarrier();
  return total;
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) {
    return;
  }
  let o = row * p.width;
  let n = f32(p.width);
  var s = 0.0;
  for (var k = li; k < p.width; k += WG) {
    s += x[o + k];
  }
  let mu = workgroupSum(li, s) / n;
  var q = 0.0;
  for (var k = li; k < p.width; k += WG) {
    let d = x[o + k] - mu;
    q += d * d;
  }
  let is = 1.0 / sqrt(workgroupSum(li, q) / n + p.eps);
  for (var k = li; k < p.width; k += WG) {
    y[o + k] = (x[o + k] - mu) * is * gamma[k] + beta[k];
  }
  if (li == 0u) {
    mean[row] = mu;
    invStd[row] = is;
  }
}
