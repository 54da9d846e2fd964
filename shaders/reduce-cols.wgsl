// Column reduction of a [batch, rows, cols] tensor over rows (OP 0 sum, 1 max), times
// `scale`: the bias gradient is the column sum of [N, C]. A WX x WY workgroup covers WX
// adjacent columns (coalesced loads); its WY threads per column stride over one chunk of
// rows, then a fixed tree combines them. Workgroup z = chunk: out is [batch, chunks, cols],
// reduced again by the caller while chunks > 1. No atomics: bit-reproducible.
struct Params { batch: u32, rows: u32, cols: u32, chunks: u32, chunkLen: u32, colTiles: u32, scale: f32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

override OP: u32 = 0;
override WX: u32 = 32;
override WY: u32 = 8;

var<workgroup> partial: array<f32, WX * WY>;

fn combine(a: f32, b: f32) -> f32 {
  if (OP == 1u) { return max(a, b); }
  return a + b;
}

@compute @workgroup_size(WX, WY)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = wid.x + wid.y * nwg.x;
  if (g >= params.batch * params.colTiles) { return; }
  let b = g / params.colTiles;
  let c = (g % params.colTiles) * WX + lid.x;
  let chunk = wid.z;
  let start = chunk * params.chunkLen;
  let end = min(params.rows, start + params.chunkLen);
  let valid = c < params.cols;
  let base = b * params.rows * params.cols + min(c, params.cols - 1u);
  // NOTE: max starts from an element of the chunk (never empty), so no -inf is needed.
  var acc = select(0.0, x[base + start * params.cols], OP == 1u);
  if (valid) {
    for (var r = start + lid.y; r < end; r += WY) {
      acc = combine(acc, x[base + r * params.cols]);
    }
  }
  let slot = lid.y * WX + lid.x;
  partial[slot] = acc;
  workgroupBarrier();
  for (var s = WY / 2u; s > 0u; s = s >> 1u) {
    if (lid.y < s) {
      partial[slot] = combine(partial[slot], partial[slot + s * WX]);
    }
    workgroupBarrier();
  }
  if (lid.y == 0u && valid) {
    out[(b * params.chunks + chunk) * params.cols + c] = partial[lid.x] * params.scale;
  }
}
