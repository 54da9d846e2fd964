// Backward of softmax over the last axis: dx = y · (dy - Σ dy·y). Entry `main`: one
// workgroup per row; entry `serial`: one thread per row, for short rows.
struct Params { rows: u32, len: u32 }

@group(0) @binding(0) var<storage, read> y: array<f32>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read_write> dx: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

override WG: u32 = 64;

var<workgroup> red: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= params.rows) { return; }
  let base = row * params.len;
  var dot = 0.0;
  for (var j = lid.x; j < params.len; j += WG) {
    dot += dy[base + j] * y[base + j];
  }
  red[lid.x] = dot;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s >> 1u) {
    if (lid.x < s) {
      red[lid.x] = red[lid.x] + red[lid.x + s];
    }
    workgroupBarrier();
  }
  dot = red[0];
  for (var j = lid.x; j < params.len; j += WG) {
    dx[base + j] = y[base + j] * (dy[base + j] - dot);
  }
}

// Short rows: one thread per row, no barriers.
@compute @workgroup_size(WG)
fn serial(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = gid.x + gid.y * nwg.x * WG;
  if (row >= params.rows) { return; }
  let base = row * params.len;
  var dot = 0.0;
  for (var j = 0u; j < params.len; j++) {
    dot += dy[base + j] * y[base + j];
  }
  for (var j = 0u; j < params.len; j++) {
    dx[base + j] = y[base + j] * (dy[base + j] - dot);
  }
}
