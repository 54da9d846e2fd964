// conv2d input gradient, direct (no GEMM staging) for narrow inputs (CIN ≤ 16) and a
// filter small enough to sit in workgroup memory. One thread computes one input pixel for
// every input channel: the filter is staged once per workgroup as vec4 rows over ci,
// [(ky, kx, co)][ci/4], then per (tap, co) one dy load feeds CIN4 vec4 FMAs:
// dx[b, iy, ix, ci] = Σ dy[b, oy, ox, co] · W[ky, kx, ci, co] over the taps where
// iy = oy·sh + ky·dh - padTop for an integer oy in range (likewise x).

@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> weights: array<f32>;
@group(0) @binding(2) var<storage, read_write> dx: array<f32>;
@group(0) @binding(3) var<uniform> p: ConvParams;

override WG: u32 = 64;
override KH: u32 = 1;
override KW: u32 = 1;
override CIN: u32 = 1;
override COUT: u32 = 1;
override CIN4: u32 = (CIN + 3u) / 4u;
override WSIZE: u32 = KH * KW * COUT * CIN4;

var<workgroup> w: array<vec4<f32>, WSIZE>;

fn store(m: u32, q: u32, v: vec4<f32>) {
  for (var c = 0u; c < 4u; c++) {
    if (q * 4u + c < CIN) { dx[m * CIN + q * 4u + c] = v[c]; }
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var i = lid.x; i < WSIZE; i += WG) {
    let q = i % CIN4;
    let tc = i / CIN4;
    let co = tc % COUT;
    let tap = tc / COUT;
    var v = vec4<f32>();
    for (var c = 0u; c < 4u; c++) {
      if (q * 4u + c < CIN) { v[c] = weights[(tap * CIN + q * 4u + c) * COUT + co]; }
    }
    w[i] = v;
  }
  workgroupBarrier();
  let m = (wid.x + wid.y * nwg.x) * WG + lid.x;
  if (m >= p.M) { return; }
  let ix = m % p.W;
  let t = m / p.W;
  let iy = t % p.H;
  let b = t / p.H;
  var acc0 = vec4<f32>();
  var acc1 = vec4<f32>();
  var acc2 = vec4<f32>();
  var acc3 = vec4<f32>();
  for (var ky = 0u; ky < KH; ky++) {
    let ty = i32(iy + p.padTop) - i32(ky * p.dh);
    if (ty < 0 || u32(ty) % p.sh != 0u) { continue; }
    let oy = u32(ty) / p.sh;
    if (oy >= p.Ho) { continue; }
    for (var kx = 0u; kx < KW; kx++) {
      let tx = i32(ix + p.padLeft) - i32(kx * p.dw);
      if (tx < 0 || u32(tx) % p.sw != 0u) { continue; }
      let ox = u32(tx) / p.sw;
      if (ox >= p.Wo) { continue; }
      let dBase = ((b * p.Ho + oy) * p.Wo + ox) * COUT;
      let wBase = (ky * KW + kx) * COUT * CIN4;
      for (var co = 0u; co < COUT; co++) {
        let dv = vec4<f32>(dy[dBase + co]);
        let wi = wBase + co * CIN4;
        acc0 = fma(dv, w[wi], acc0);
        if (CIN4 > 1u) { acc1 = fma(dv, w[wi + 1u], acc1); }
        if (CIN4 > 2u) { acc2 = fma(dv, w[wi + 2u], acc2); }
        if (CIN4 > 3u) { acc3 = fma(dv, w[wi + 3u], acc3); }
      }
    }
  }
  store(m, 0u, acc0);
  if (CIN4 > 1u) { store(m, 1u, acc1); }
  if (CIN4 > 2u) { store(m, 2u, acc2); }
  if (CIN4 > 3u) { store(m, 3u, acc3); }
}
