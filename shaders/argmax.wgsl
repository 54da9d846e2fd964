// Index of the max of each row of [rows, len] (first index on ties, like the CPU), one
// workgroup per row.
struct Params { rows: u32, len: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<u32>;
@group(0) @binding(2) var<uniform> params: Params;

override WG: u32 = 64;

var<workgroup> bestVal: array<f32, WG>;
var<workgroup> bestIdx: array<u32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= params.rows) { return; }
  let base = row * params.len;
  // Threads past the row's end start from its last element (a real candidate).
  var bi = min(lid.x, params.len - 1u);
  var bv = x[base + bi];
  for (var j = lid.x + WG; j < params.len; j += WG) {
    let v = x[base + j];
    if (v > bv) {
      bv = v;
      bi = j;
    }
  }
  bestVal[lid.x] = bv;
  bestIdx[lid.x] = bi;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s >> 1u) {
    if (lid.x < s) {
      let v = bestVal[lid.x + s];
      let i = bestIdx[lid.x + s];
      if (v > bestVal[lid.x] || (v == bestVal[lid.x] && i < bestIdx[lid.x])) {
        bestVal[lid.x] = v;
        bestIdx[lid.x] = i;
      }
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    out[row] = bestIdx[0];
  }
}
