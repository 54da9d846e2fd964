// Layer norm input gradient: one workgroup per row. With g = dy·gamma and x̂ the normalized
// input, dx = invStd·(g - (Σg + x̂·Σg·x̂) / D). dgamma and dbeta (column sums over rows) come
// from batchnorm-grad-reduce.wgsl with PER_ROW.
struct Params { rows: u32, width: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> gamma: array<f32>;
@group(0) @binding(3) var<storage, read> mean: array<f32>;
@group(0) @binding(4) var<storage, read> invStd: array<f32>;
@group(0) @binding(5) var<storage, read_write> dx: array<f32>;
@group(0) @binding(6) var<uniform> p: Params;

override WG: u32 = 64;

var<workgroup> redA: array<f32, WG>;
var<workgroup> redB: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) {
    return;
  }
  let o = row * p.width;
  let mu = mean[row];
  let is = invStd[row];
  var a = 0.0;
  var b = 0.0;
  for (var k = li; k < p.width; k += WG) {
    let g = dy[o + k] * gamma[k];
    a += g;
    b += g * (x[o + k] - mu) * is;
  }
  redA[li] = a;
  redB[li] = b;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    if (li < stride) {
      redA[li] += redA[li + stride];
      redB[li] += redB[li + stride];
    }
    workgroupBarrier();
  }
  let sg = workgroupUniformLoad(&redA[0]);
  let sgx = workgroupUniformLoad(&redB[0]);
  let n = f32(p.width);
  for (var k = li; k < p.width; k += WG) {
    let xhat = (x[o + k] - mu) * is;
    dx[o + k] = is * (dy[o + k] * gamma[k] - (sg + xhat * sgx) / n);
  }
}
