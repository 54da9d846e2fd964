// Elementwise losses over pred/target of equal shape (LOSS 0: binary cross-entropy with
// logits, 1: squared error, 2: Huber with `delta`): writes grad = dloss/dpred · invCount and
// one partial loss sum per workgroup (fixed tree), which the caller reduces to the mean.
struct Params { count: u32, invCount: f32, delta: f32 }

@group(0) @binding(0) var<storage, read> pred: array<f32>;
@group(0) @binding(1) var<storage, read> targets: array<f32>;
@group(0) @binding(2) var<storage, read_write> grad: array<f32>;
@group(0) @binding(3) var<storage, read_write> partials: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;

override LOSS: u32 = 0;
override WG: u32 = 256;

var<workgroup> red: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = wid.x + wid.y * nwg.x;
  let i = g * WG + lid.x;
  var loss = 0.0;
  if (i < params.count) {
    let p = pred[i];
    let t = targets[i];
    var d = 0.0;
    if (LOSS == 0u) {
      // NOTE: stable form max(x, 0) - x·t + log(1 + e^-|x|); e^-|x| never overflows.
      let e = exp(-abs(p));
      loss = max(p, 0.0) - p * t + log(1.0 + e);
      d = select(e / (1.0 + e), 1.0 / (1.0 + e), p >= 0.0) - t;
    } else if (LOSS == 1u) {
      let r = p - t;
      loss = r * r;
      d = 2.0 * r;
    } else {
      let r = p - t;
      let a = abs(r);
      loss = select(params.delta * (a - 0.5 * params.delta), 0.5 * r * r, a <= params.delta);
      d = clamp(r, -params.delta, params.delta);
    }
    grad[i] = d * params.invCount;
  }
  red[lid.x] = loss;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s >> 1u) {
    if (lid.x < s) {
      red[lid.x] = red[lid.x] + red[lid.x + s];
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    partials[g] = red[0];
  }
}
