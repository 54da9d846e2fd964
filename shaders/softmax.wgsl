// Softmax over the last axis of [rows, len]: max, then Σ exp(x - max), then
// exp(x - max) / Σ (numerically stable for any logits). Entry `main`: one workgroup per
// row; entry `serial`: one thread per row, for short rows.
struct Params { rows: u32, len: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= params.rows) { return; }
  let base = row * params.len;
  var m = x[base + min(lid.x, params.len - 1u)];
  for (var j = lid.x + WG; j < params.len; j += WG) {
    m = max(m, x[base + j]);
  }
  m = workgroupReduce(lid.x, m, true);
  var s = 0.0;
  for (var j = lid.x; j < params.len; j += WG) {
    s += exp(x[base + j] - m);
  }
  s = workgroupReduce(lid.x, s, false);
  for (var j = lid.x; j < params.len; j += WG) {
    y[base + j] = exp(x[base + j] - m) / s;
  }
}

// Short rows (the usual [N, classes] logits): one thread per row, no barriers.
@compute @workgroup_size(WG)
fn serial(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = gid.x + gid.y * nwg.x * WG;
  if (row >= params.rows) { return; }
  let base = row * params.len;
  var m = x[base];
  for (var j = 1u; j < params.len; j++) {
    m = max(m, x[base + j]);
  }
  var s = 0.0;
  for (var j = 0u; j < params.len; j++) {
    s += exp(x[base + j] - m);
  }
  for (var j = 0u; j < params.len; j++) {
    y[base + j] = exp(x[base + j] - m) / s;
  }
}
