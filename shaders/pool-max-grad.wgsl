// Max pooling backward, gather-style: one thread per input element adds the dy of every
// window covering it whose argmax is this element, in output order. Deterministic, no atomics.
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> argmax: array<u32>;
@group(0) @binding(2) var<storage, read_write> dx: array<f32>;
@group(0) @binding(3) var<uniform> p: PoolParams;

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
    for (var ox = oxs.x; ox < oxs.y; ox++) {
      let o = ((b * p.Ho + oy) * p.Wo + ox) * p.C + c;
      if (argmax[o] == i) { acc += dy[o]; }
    }
  }
  dx[i] = acc;
}
