// Group norm input gradient: one workgroup per (sample, group) row, elements laid out as in
// groupnorm.wgsl. With h = dy·gamma and x̂ the normalized input, over the group's M elements
// dx = invStd·(h - (Σh + x̂·Σh·x̂) / M). dgamma and dbeta (per-channel sums over samples and
// positions) come from batchnorm-grad-reduce.wgsl with GROUPS. workgroup-reduce.wgsl is
// prepended.
struct Params { rows: u32, spatial: u32, channels: u32, perGroup: u32, groups: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> gamma: array<f32>;
@group(0) @binding(3) var<storage, read> mean: array<f32>;
@group(0) @binding(4) var<storage, read> invStd: array<f32>;
@group(0) @binding(5) var<storage, read_write> dx: array<f32>;
@group(0) @binding(6) var<uniform> p: Params;

fn channelOf(g: u32, k: u32) -> u32 {
  return g * p.perGroup + k % p.perGroup;
}

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
  let g = row % p.groups;
  let mu = mean[row];
  let is = invStd[row];
  var a = 0.0;
  var b = 0.0;
  for (var k = li; k < size; k += WG) {
    let i = indexOf(row, k);
    let h = dy[i] * gamma[channelOf(g, k)];
    a += h;
    b += h * (x[i] - mu) * is;
  }
  let sh = workgroupReduce(li, a, false);
  let shx = workgroupReduce(li, b, false);
  let n = f32(size);
  for (var k = li; k < size; k += WG) {
    let i = indexOf(row, k);
    let xhat = (x[i] - mu) * is;
    dx[i] = is * (dy[i] * gamma[channelOf(g, k)] - (sh + xhat * shx) / n);
  }
}
