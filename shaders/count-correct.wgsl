// 1.0 where a row's prediction equals its label, else 0.0 (the caller sums the flags):
// prediction = argmax of the row (first on ties) for classes > 1, (logit > 0) for classes == 1.
// Labels are u32 class indices, or f32 0/1 targets when LABEL_F32.
struct Params { rows: u32, classes: u32 }

@group(0) @binding(0) var<storage, read> logits: array<f32>;
@group(0) @binding(1) var<storage, read> labels: array<u32>;
@group(0) @binding(2) var<storage, read_write> flags: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

override LABEL_F32: bool = false;
override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = gid.x + gid.y * nwg.x * WG;
  if (row >= params.rows) { return; }
  let n = params.classes;
  let base = row * n;
  var predicted = 0u;
  if (n == 1u) {
    predicted = select(0u, 1u, logits[base] > 0.0);
  } else {
    var best = logits[base];
    for (var j = 1u; j < n; j++) {
      if (logits[base + j] > best) {
        best = logits[base + j];
        predicted = j;
      }
    }
  }
  let bits = labels[row];
  let correct = select(predicted == bits, f32(predicted) == bitcast<f32>(bits), LABEL_F32);
  flags[row] = select(0.0, 1.0, correct);
}
