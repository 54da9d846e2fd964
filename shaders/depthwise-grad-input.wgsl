// Depthwise conv2d input gradient, gather-style: one thread per input element sums
// dy · W over the taps and multipliers that read it (no atomics).
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> weights: array<f32>;
@group(0) @binding(2) var<storage, read_write> dx: array<f32>;
@group(0) @binding(3) var<uniform> p: DwParams;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= p.total) { return; }
  let CM = p.C * p.M;
  let c = i % p.C;
  let pix = i / p.C;
  let ix = pix % p.W;
  let iy = (pix / p.W) % p.H;
  let b = pix / (p.W * p.H);
  var acc = 0.0;
  for (var ky = 0u; ky < p.kh; ky++) {
    // NOTE: an output row reads this input only when (iy + pad - ky·dh) divides by the stride.
    let ty = i32(iy + p.padTop) - i32(ky * p.dh);
    if (ty < 0 || u32(ty) % p.sh != 0u || u32(ty) / p.sh >= p.Ho) { continue; }
    let oy = u32(ty) / p.sh;
    for (var kx = 0u; kx < p.kw; kx++) {
      let tx = i32(ix + p.padLeft) - i32(kx * p.dw);
      if (tx < 0 || u32(tx) % p.sw != 0u || u32(tx) / p.sw >= p.Wo) { continue; }
      let ox = u32(tx) / p.sw;
      let yBase = ((b * p.Ho + oy) * p.Wo + ox) * CM + c * p.M;
      let wBase = (ky * p.kw + kx) * CM + c * p.M;
      for (var m = 0u; m < p.M; m++) { acc = fma(dy[yBase + m], weights[wBase + m], acc); }
    }
  }
  dx[i] = acc;
}
