// Average pooling forward: one thread per output, mean over the real (unpadded) elements of
// its window (TensorFlow's 'same' behaviour; 'valid' windows have no padding).
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> p: PoolParams;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= p.total) { return; }
  let c = i % p.C;
  let pix = i / p.C;
  let ox = pix % p.Wo;
  let oy = (pix / p.Wo) % p.Ho;
  let b = pix / (p.Wo * p.Ho);
  let ys = windowSpan(oy, p.sh, p.padTop, p.kh, p.H);
  let xs = windowSpan(ox, p.sw, p.padLeft, p.kw, p.W);
  var acc = 0.0;
  for (var iy = ys.x; iy < ys.y; iy++) {
    for (var ix = xs.x; ix < xs.y; ix++) { acc += x[((b * p.H + iy) * p.W + ix) * p.C + c]; }
  }
  y[i] = acc / f32((ys.y - ys.x) * (xs.y - xs.x));
}
