// conv2d forward, direct (no GEMM staging) for narrow layers: few output channels
// (COUT ≤ 16) and a filter small enough to sit in workgroup memory. One thread computes one
// output pixel for every output channel: the whole filter is staged once per workgroup as
// vec4 rows [k][co/4], then per tap one input load feeds COUT4 vec4 FMAs. The window loops
// are nested (ky, kx, ci), so no per-element index divisions; the shape constants are
// overrides, so the few divisions left are by constants.

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> weights: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<uniform> p: ConvParams;

override HAS_BIAS: bool = false;
override WG: u32 = 64;
override KH: u32 = 1;
override KW: u32 = 1;
override CIN: u32 = 1;
override COUT: u32 = 4;
override COUT4: u32 = (COUT + 3u) / 4u;
override WSIZE: u32 = KH * KW * CIN * COUT4;

var<workgroup> w: array<vec4<f32>, WSIZE>;

//!POINTWISE

fn epilogue(m: u32, q: u32, v: vec4<f32>) {
  for (var c = 0u; c < 4u; c++) {
    let co = q * 4u + c;
    if (co < COUT) {
      var z = v[c];
      if (HAS_BIAS) { z += bias[co]; }
      y[m * COUT + co] = op_f(z, p.alpha);
    }
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var i = lid.x; i < WSIZE; i += WG) {
    let k = i / COUT4;
    let q = i % COUT4;
    var v = vec4<f32>();
    for (var c = 0u; c < 4u; c++) {
      if (q * 4u + c < COUT) { v[c] = weights[k * COUT + q * 4u + c]; }
    }
    w[i] = v;
  }
  workgroupBarrier();
  let m = (wid.x + wid.y * nwg.x) * WG + lid.x;
  if (m >= p.M) { return; }
  let ox = m % p.Wo;
  let t = m / p.Wo;
  let oy = t % p.Ho;
  let b = t / p.Ho;
  let iy0 = i32(oy * p.sh) - i32(p.padTop);
  let ix0 = i32(ox * p.sw) - i32(p.padLeft);
  var acc0 = vec4<f32>();
  var acc1 = vec4<f32>();
  var acc2 = vec4<f32>();
  var acc3 = vec4<f32>();
  for (var ky = 0u; ky < KH; ky++) {
    let iy = iy0 + i32(ky * p.dh);
    if (iy < 0 || iy >= i32(p.H)) { continue; }
    let rowBase = (b * p.H + u32(iy)) * p.W;
    for (var kx = 0u; kx < KW; kx++) {
      let ix = ix0 + i32(kx * p.dw);
      if (ix < 0 || ix >= i32(p.W)) { continue; }
      let xBase = (rowBase + u32(ix)) * CIN;
      let wBase = (ky * KW + kx) * CIN * COUT4;
      for (var ci = 0u; ci < CIN; ci++) {
        let xv = vec4<f32>(x[xBase + ci]);
        let wi = wBase + ci * COUT4;
        acc0 = fma(xv, w[wi], acc0);
        if (COUT4 > 1u) { acc1 = fma(xv, w[wi + 1u], acc1); }
        if (COUT4 > 2u) { acc2 = fma(xv, w[wi + 2u], acc2); }
        if (COUT4 > 3u) { acc3 = fma(xv, w[wi + 3u], acc3); }
      }
    }
  }
  epilogue(m, 0u, acc0);
  if (COUT4 > 1u) { epilogue(m, 1u, acc1); }
  if (COUT4 > 2u) { epilogue(m, 2u, acc2); }
  if (COUT4 > 3u) { epilogue(m, 3u, acc3); }
}
