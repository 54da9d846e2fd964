// Depthwise conv2d forward: one thread per output element (consecutive threads take
// consecutive output channels, so reads and writes coalesce); fused bias + activation.
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> weights: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<uniform> p: DwParams;

override HAS_BIAS: bool = false;

//!POINTWISE

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= p.total) { return; }
  let CM = p.C * p.M;
  let k = i % CM;
  let c = k / p.M;
  let pix = i / CM;
  let ox = pix % p.Wo;
  let oy = (pix / p.Wo) % p.Ho;
  let b = pix / (p.Wo * p.Ho);
  var acc = 0.0;
  for (var ky = 0u; ky < p.kh; ky++) {
    let iy = i32(oy * p.sh + ky * p.dh) - i32(p.padTop);
    if (iy < 0 || iy >= i32(p.H)) { continue; }
    for (var kx = 0u; kx < p.kw; kx++) {
      let ix = i32(ox * p.sw + kx * p.dw) - i32(p.padLeft);
      if (ix < 0 || ix >= i32(p.W)) { continue; }
      acc = fma(x[((b * p.H + u32(iy)) * p.W + u32(ix)) * p.C + c], weights[(ky * p.kw + kx) * CM + k], acc);
    }
  }
  if (HAS_BIAS) { acc += bias[k]; }
  y[i] = op_f(acc, p.alpha);
}
