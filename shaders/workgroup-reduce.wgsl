// A fixed-order tree reduction across one workgroup (max or sum), prepended to the row
// kernels (softmax, fused softmax cross-entropy). Every thread gets the result; the order
// never changes, so results repeat bit for bit.
override WG: u32 = 64;

var<workgroup> red: array<f32, WG>;

fn workgroupReduce(lid: u32, v: f32, isMax: bool) -> f32 {
  red[lid] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s >> 1u) {
    if (lid < s) {
      red[lid] = select(red[lid] + red[lid + s], max(red[lid], red[lid + s]), isMax);
    }
    workgroupBarrier();
  }
  let r = red[0];
  workgroupBarrier();
  return r;
}
