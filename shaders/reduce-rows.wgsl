// Reduces each row of a [rows, len] matrix (OP 0 sum, 1 max), then multiplies by `scale`
// (1/count for a mean's last pass). Long rows are split in chunks of chunkLen elements:
// entry `tree` gives workgroup g row g / chunks, chunk g % chunks, and writes out[g], a
// [rows, chunks] partial that the caller reduces again. Entry `serial` (short rows) gives
// each thread a whole row. Fixed summation order: results are bit-reproducible.
struct Params { rows: u32, len: u32, chunks: u32, chunkLen: u32, scale: f32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

override OP: u32 = 0;
override WG: u32 = 256;

var<workgroup> partial: array<f32, WG>;

fn combine(a: f32, b: f32) -> f32 {
  if (OP == 1u) { return max(a, b); }
  return a + b;
}

@compute @workgroup_size(WG)
fn tree(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = wid.x + wid.y * nwg.x;
  if (g >= params.rows * params.chunks) { return; }
  let row = g / params.chunks;
  let start = (g % params.chunks) * params.chunkLen;
  let end = min(params.len, start + params.chunkLen);
  let base = row * params.len;
  // NOTE: max starts from an element of the chunk (never empty), so no -inf is needed.
  var acc = select(0.0, x[base + start], OP == 1u);
  for (var j = start + lid.x; j < end; j += WG) {
    acc = combine(acc, x[base + j]);
  }
  partial[lid.x] = acc;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s >> 1u) {
    if (lid.x < s) {
      partial[lid.x] = combine(partial[lid.x], partial[lid.x + s]);
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    out[g] = partial[0] * params.scale;
  }
}

@compute @workgroup_size(WG)
fn serial(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = gid.x + gid.y * nwg.x * WG;
  if (row >= params.rows) { return; }
  let base = row * params.len;
  var acc = x[base];
  for (var j = 1u; j < params.len; j++) {
    acc = combine(acc, x[base + j]);
  }
  out[row] = acc * params.scale;
}
