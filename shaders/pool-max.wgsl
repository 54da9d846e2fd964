// Max pooling forward: one thread per output; also writes the flat input index of the max
// (the first in scan order on ties, as PyTorch). Padding never wins.
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<storage, read_write> argmax: array<u32>;
@group(0) @binding(3) var<uniform> p: PoolParams;

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
  var best = ((b * p.H + ys.x) * p.W + xs.x) * p.C + c;
  var value = x[best];
  for (var iy = ys.x; iy < ys.y; iy++) {
    for (var ix = xs.x; ix < xs.y; ix++) {
      let j = ((b * p.H + iy) * p.W + ix) * p.C + c;
      if (x[j] > value) { value = x[j]; best = j; }
    }
  }
  y[i] = value;
  argmax[i] = best;
}
