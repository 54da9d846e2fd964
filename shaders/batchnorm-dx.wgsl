// Batch norm input gradient, elementwise. Batch statistics (TRAINING) depend on every x:
//   dx = gamma·invStd·(dy - (dbeta + x̂·dgamma) / M),  x̂ = (x - mean)·invStd,
// with dbeta = Σdy and dgamma = Σdy·x̂ over the M rows of the channel. Running statistics
// are constants: dx = gamma·invStd·dy.
struct Params { count: u32, channels: u32, rows: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> mean: array<f32>;
@group(0) @binding(3) var<storage, read> invStd: array<f32>;
@group(0) @binding(4) var<storage, read> gamma: array<f32>;
@group(0) @binding(5) var<storage, read> dgamma: array<f32>;
@group(0) @binding(6) var<storage, read> dbeta: array<f32>;
@group(0) @binding(7) var<storage, read_write> dx: array<f32>;
@group(0) @binding(8) var<uniform> p: Params;

override WG: u32 = 256;
override TRAINING: bool = true;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= p.count) {
    return;
  }
  let c = i % p.channels;
  var g = dy[i];
  if (TRAINING) {
    let xhat = (x[i] - mean[c]) * invStd[c];
    g -= (dbeta[c] + xhat * dgamma[c]) / f32(p.rows);
  }
  dx[i] = gamma[c] * invStd[c] * g;
}
