// Column sums for the norm gradients, level 1: per (row chunk, column) Σ dy·x̂ and Σ dy,
// where x̂ = (x - mean[s]) * invStd[s]. Batch norm: s = the column (channel); layer norm
// (PER_ROW): s = the row, and the sums are dgamma/dbeta over the rows; group norm (GROUPS
// groups, rowsPerSample rows of one sample): s = sample · GROUPS + the column's group. Fixed
// tree order, no atomics. With one chunk the outputs are dgamma and dbeta themselves;
// otherwise batchnorm-grad-finalize.wgsl sums the chunks in order.
struct Params { rows: u32, channels: u32, rowsPerChunk: u32, rowsPerSample: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> mean: array<f32>;
@group(0) @binding(3) var<storage, read> invStd: array<f32>;
// [chunks, channels] each.
@group(0) @binding(4) var<storage, read_write> sumDyXhat: array<f32>;
@group(0) @binding(5) var<storage, read_write> sumDy: array<f32>;
@group(0) @binding(6) var<uniform> p: Params;

override WG: u32 = 256;
// Columns per workgroup (a power of two dividing WG).
override CT: u32 = 32;
override PER_ROW: bool = false;
// 0: not group norm.
override GROUPS: u32 = 0u;

var<workgroup> sA: array<f32, WG>;
var<workgroup> sB: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let lanes = WG / CT;
  let cl = li % CT;
  let rl = li / CT;
  let c = wg.x * CT + cl;
  let r0 = wg.y * p.rowsPerChunk;
  let r1 = min(r0 + p.rowsPerChunk, p.rows);
  var a = 0.0;
  var b = 0.0;
  if (c < p.channels) {
    for (var r = r0 + rl; r < r1; r += lanes) {
      var s = select(c, r, PER_ROW);
      if (GROUPS > 0u) {
        s = (r / p.rowsPerSample) * GROUPS + c / (p.channels / max(GROUPS, 1u));
      }
      let i = r * p.channels + c;
      let g = dy[i];
      a += g * (x[i] - mean[s]) * invStd[s];
      b += g;
    }
  }
  sA[li] = a;
  sB[li] = b;
  workgroupBarrier();
  for (var stride = lanes / 2u; stride > 0u; stride /= 2u) {
    if (rl < stride) {
      sA[li] += sA[li + stride * CT];
      sB[li] += sB[li + stride * CT];
    }
    workgroupBarrier();
  }
  if (rl == 0u && c < p.channels) {
    sumDyXhat[wg.y * p.channels + c] = sA[li];
    sumDy[wg.y * p.channels + c] = sB[li];
  }
}
