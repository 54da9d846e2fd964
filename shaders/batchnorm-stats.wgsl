// Batch norm statistics, level 1: per (row chunk, channel) count-free mean and M2 (sum of
// squared deviations). Workgroup = CT channels x (WG / CT) row lanes; each lane sums its rows
// shifted by its first value (no cancellation), then lanes merge with Chan's formula in a
// fixed tree order, so results are bit-reproducible. Level 2 is batchnorm-finalize.wgsl.
struct Params { rows: u32, channels: u32, rowsPerChunk: u32, _pad: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
// [chunks, channels, 2]: (mean, M2) of the chunk's rows.
@group(0) @binding(1) var<storage, read_write> partial: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

override WG: u32 = 256;
// Channels per workgroup (a power of two dividing WG).
override CT: u32 = 32;

var<workgroup> sCount: array<f32, WG>;
var<workgroup> sMean: array<f32, WG>;
var<workgroup> sM2: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let lanes = WG / CT;
  let cl = li % CT;
  let rl = li / CT;
  let c = wg.x * CT + cl;
  let r0 = wg.y * p.rowsPerChunk;
  let r1 = min(r0 + p.rowsPerChunk, p.rows);
  var n = 0.0;
  var s1 = 0.0;
  var s2 = 0.0;
  var shift = 0.0;
  if (c < p.channels && r0 + rl < r1) {
    shift = x[(r0 + rl) * p.channels + c];
    for (var r = r0 + rl; r < r1; r += lanes) {
      let d = x[r * p.channels + c] - shift;
      s1 += d;
      s2 += d * d;
      n += 1.0;
    }
  }
  sCount[li] = n;
  sMean[li] = select(0.0, shift + s1 / n, n > 0.0);
  sM2[li] = select(0.0, max(s2 - s1 * s1 / n, 0.0), n > 0.0);
  workgroupBarrier();
  for (var stride = lanes / 2u; stride > 0u; stride /= 2u) {
    if (rl < stride) {
      let o = li + stride * CT;
      let na = sCount[li];
      let nb = sCount[o];
      let nt = na + nb;
      if (nb > 0.0) {
        let d = sMean[o] - sMean[li];
        sMean[li] = sMean[li] + d * (nb / nt);
        sM2[li] = sM2[li] + sM2[o] + d * d * (na * nb / nt);
        sCount[li] = nt;
      }
    }
    workgroupBarrier();
  }
  if (rl == 0u && c < p.channels) {
    let k = (wg.y * p.channels + c) * 2u;
    partial[k] = sMean[li];
    partial[k + 1u] = sM2[li];
  }
}
