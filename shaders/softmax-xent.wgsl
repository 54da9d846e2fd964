// Fused softmax cross-entropy over logits [rows, classes] with u32 labels (entry `main`:
// one workgroup per row; `serial`: one thread per row, for few classes): writes dlogits = (softmax - onehot) · invRows and the row's loss
// log Σ exp(x - m) + m - x[label]. The caller reduces rowLoss to the mean.
struct Params { rows: u32, classes: u32, invRows: f32 }

@group(0) @binding(0) var<storage, read> logits: array<f32>;
@group(0) @binding(1) var<storage, read> labels: array<u32>;
@group(0) @binding(2) var<storage, read_write> dlogits: array<f32>;
@group(0) @binding(3) var<storage, read_write> rowLoss: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= params.rows) { return; }
  let n = params.classes;
  let base = row * n;
  var m = logits[base + min(lid.x, n - 1u)];
  for (var j = lid.x + WG; j < n; j += WG) {
    m = max(m, logits[base + j]);
  }
  m = workgroupReduce(lid.x, m, true);
  var s = 0.0;
  for (var j = lid.x; j < n; j += WG) {
    s += exp(logits[base + j] - m);
  }
  s = workgroupReduce(lid.x, s, false);
  // NOTE: an out-of-range label is clamped to a class here; the CPU backend rejects it.
  let label = min(labels[row], n - 1u);
  for (var j = lid.x; j < n; j += WG) {
    let p = exp(logits[base + j] - m) / s;
    dlogits[base + j] = (p - select(0.0, 1.0, j == label)) * params.invRows;
  }
  if (lid.x == 0u) {
    rowLoss[row] = log(s) + m - logits[base + label];
  }
}

// Few classes (the usual case): one thread per row, no barriers.
@compute @workgroup_size(WG)
fn serial(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = gid.x + gid.y * nwg.x * WG;
  if (row >= params.rows) { return; }
  let n = params.classes;
  let base = row * n;
  var m = logits[base];
  for (var j = 1u; j < n; j++) {
    m = max(m, logits[base + j]);
  }
  var s = 0.0;
  for (var j = 0u; j < n; j++) {
    s += exp(logits[base + j] - m);
  }
  let label = min(labels[row], n - 1u);
  for (var j = 0u; j < n; j++) {
    let p = exp(logits[base + j] - m) / s;
    dlogits[base + j] = (p - select(0.0, 1.0, j == label)) * params.invRows;
  }
  rowLoss[row] = log(s) + m - logits[base + label];
}
