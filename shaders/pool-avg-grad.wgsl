// Average pooling backward, gather-style: each input adds dy / count of every window
// covering it (count = the window's real elements, as the forward pass divides).
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read_write> dx: array<f32>;
@group(0) @binding(2) var<uniform> p: PoolParams;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= p.total) { return; }
  let c = i % p.C;
  let pix = i / p.C;
  let ix = pix % p.W;
  let iy = (pix / p.W) % p.H;
  let b = pix / (p.W * p.H);
  let oys = coveringOutputs(iy, p.sh, p.padTop, p.kh, p.Ho);
  let oxs = coveringOutputs(ix, p.sw, p.padLeft, p.kw, p.Wo);
  var acc = 0.0;
  for (var oy = oys.x; oy < oys.y; oy++) {
    let ys = windowSpan(oy, p.sh, p.padTop, p.kh, p.H);
    for (var ox = oxs.x; ox < oxs.y; ox++) {
      let xs = windowSpan(ox, p.sw, p.padLeft, p.kw, p.W);
      acc += dy[((b * p.Ho + oy) * p.Wo + ox) * p.C + c] / f32((ys.y - ys.x) * (xs.y - xs.x));
    }
  }
  dx[i] = acc;
}
