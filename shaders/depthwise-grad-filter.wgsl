// Depthwise conv2d filter gradient: thread (split, f) sums x · dy for filter element
// f = (ky, kx, c, m) over the output pixels of its slice [split·pixChunk, ...) in order,
// writing partial[split, f]; a fixed-order column sum finishes (conv-sum-rows.wgsl).
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read_write> partial: array<f32>;
@group(0) @binding(3) var<uniform> p: DwParams;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  let F = p.kh * p.kw * p.C * p.M; // filter elements
  if (i >= F * p.splits) { return; }
  let CM = p.C * p.M;
  let f = i % F;
  let split = i / F;
  let k = f % CM;
  let c = k / p.M;
  let tap = f / CM;
  let ky = tap / p.kw;
  let kx = tap % p.kw;
  let pixels = p.batch * p.Ho * p.Wo;
  let end = min(pixels, (split + 1u) * p.pixChunk);
  var acc = 0.0;
  for (var pix = split * p.pixChunk; pix < end; pix++) {
    let ox = pix % p.Wo;
    let oy = (pix / p.Wo) % p.Ho;
    let b = pix / (p.Wo * p.Ho);
    let iy = i32(oy * p.sh + ky * p.dh) - i32(p.padTop);
    let ix = i32(ox * p.sw + kx * p.dw) - i32(p.padLeft);
    if (iy < 0 || ix < 0 || iy >= i32(p.H) || ix >= i32(p.W)) { continue; }
    acc = fma(x[((b * p.H + u32(iy)) * p.W + u32(ix)) * p.C + c], dy[pix * CM + k], acc);
  }
  partial[i] = acc;
}
