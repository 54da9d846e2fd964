// 2-D transpose through a padded workgroup tile (coalesced reads and writes, no bank
// conflicts). 32-bit words, so f32 and u32 alike. Tile rows beyond 65535 spill into z.
struct Params { rows: u32, cols: u32 }

@group(0) @binding(0) var<storage, read> x: array<u32>;
@group(0) @binding(1) var<storage, read_write> y: array<u32>;
@group(0) @binding(2) var<uniform> p: Params;

override TILE: u32 = 16;

var<workgroup> tile: array<u32, TILE * (TILE + 1u)>;

@compute @workgroup_size(TILE, TILE)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let tileRow = wg.y + wg.z * nwg.y;
  let r = tileRow * TILE + lid.y;
  let c = wg.x * TILE + lid.x;
  if (r < p.rows && c < p.cols) {
    tile[lid.y * (TILE + 1u) + lid.x] = x[r * p.cols + c];
  }
  workgroupBarrier();
  let outRow = wg.x * TILE + lid.y;
  let outCol = tileRow * TILE + lid.x;
  if (outRow < p.cols && outCol < p.rows) {
    y[outRow * p.rows + outCol] = tile[lid.x * (TILE + 1u) + lid.y];
  }
}
