// conv2d filter gradient, direct (no GEMM tile) for narrow layers (COUT ≤ 16), with a
// deterministic split over output pixels. One thread owns one filter row r = (ky, kx, ci)
// and every output channel (COUT4 vec4 accumulators); workgroup (x, y) = (row tile, split).
// The split's pixels go through in batches of WG: each thread decodes one pixel's window
// origin and stages its dy row (as vec4) in workgroup memory, then every thread adds
// x[pixel's tap] · dy[pixel, :] for its row. Each split writes partial[split, r, co]; a
// fixed-order sum (conv-sum-rows.wgsl) finishes. No atomics: bit-reproducible.

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read_write> partial: array<f32>;
@group(0) @binding(3) var<uniform> p: ConvParams;

override WG: u32 = 64;
override KW: u32 = 1;
override CIN: u32 = 1;
override COUT: u32 = 4;
override COUT4: u32 = (COUT + 3u) / 4u;
override DYSIZE: u32 = WG * COUT4;

var<workgroup> dyS: array<vec4<f32>, DYSIZE>;
// Per staged pixel: (b·H, top input row, left input column, 0).
var<workgroup> info: array<vec4<i32>, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  let r = wid.x * WG + lid.x;
  let split = wid.y;
  let live = r < p.M;
  let ci = r % CIN;
  let tap = r / CIN;
  let ky = i32((tap / KW) * p.dh);
  let kx = i32((tap % KW) * p.dw);
  let pBegin = split * p.kChunk;
  let pEnd = min(p.K, pBegin + p.kChunk);
  var acc0 = vec4<f32>();
  var acc1 = vec4<f32>();
  var acc2 = vec4<f32>();
  var acc3 = vec4<f32>();
  for (var p0 = pBegin; p0 < pEnd; p0 += WG) {
    let count = min(WG, pEnd - p0);
    if (lid.x < count) {
      let m = p0 + lid.x;
      let ox = m % p.Wo;
      let t = m / p.Wo;
      let oy = t % p.Ho;
      let b = t / p.Ho;
      info[lid.x] = vec4<i32>(i32(b * p.H), i32(oy * p.sh) - i32(p.padTop), i32(ox * p.sw) - i32(p.padLeft), 0);
    }
    for (var i = lid.x; i < count * COUT4; i += WG) {
      let q = i % COUT4;
      let base = (p0 + i / COUT4) * COUT + q * 4u;
      var v = vec4<f32>();
      for (var c = 0u; c < 4u; c++) {
        if (q * 4u + c < COUT) { v[c] = dy[base + c]; }
      }
      dyS[i] = v;
    }
    workgroupBarrier();
    if (live) {
      for (var j = 0u; j < count; j++) {
        let o = info[j];
        let iy = o.y + ky;
        let ix = o.z + kx;
        if (iy < 0 || ix < 0 || iy >= i32(p.H) || ix >= i32(p.W)) { continue; }
        let xv = vec4<f32>(x[(u32(o.x + iy) * p.W + u32(ix)) * CIN + ci]);
        let d = j * COUT4;
        acc0 = fma(xv, dyS[d], acc0);
        if (COUT4 > 1u) { acc1 = fma(xv, dyS[d + 1u], acc1); }
        if (COUT4 > 2u) { acc2 = fma(xv, dyS[d + 2u], acc2); }
        if (COUT4 > 3u) { acc3 = fma(xv, dyS[d + 3u], acc3); }
      }
    }
    workgroupBarrier();
  }
  if (!live) { return; }
  let out = (split * p.M + r) * COUT;
  for (var c = 0u; c < 4u; c++) {
    if (c < COUT) { partial[out + c] = acc0[c]; }
    if (4u + c < COUT) { partial[out + 4u + c] = acc1[c]; }
    if (8u + c < COUT) { partial[out + 8u + c] = acc2[c]; }
    if (12u + c < COUT) { partial[out + 12u + c] = acc3[c]; }
  }
}
