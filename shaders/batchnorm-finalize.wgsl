// Batch norm statistics, level 2: one thread per channel merges the chunks' (mean, M2) in
// chunk order (Chan's formula), writes mean and 1/sqrt(var + eps) for normalization and
// updates the running statistics in place (PyTorch: momentum, UNBIASED variance).
// TRAINING = false skips the batch statistics: mean and 1/std come from the running ones.
struct Params { rows: u32, channels: u32, rowsPerChunk: u32, chunks: u32, momentum: f32, eps: f32 }

@group(0) @binding(0) var<storage, read> partial: array<f32>;
@group(0) @binding(1) var<storage, read_write> runMean: array<f32>;
@group(0) @binding(2) var<storage, read_write> runVar: array<f32>;
@group(0) @binding(3) var<storage, read_write> mean: array<f32>;
@group(0) @binding(4) var<storage, read_write> invStd: array<f32>;
@group(0) @binding(5) var<uniform> p: Params;

override WG: u32 = 64;
override TRAINING: bool = true;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c = gid.x;
  if (c >= p.channels) {
    return;
  }
  // NOTE: 1/sqrt rather than inverseSqrt, which may be a coarse approximation on some GPUs.
  if (!TRAINING) {
    mean[c] = runMean[c];
    invStd[c] = 1.0 / sqrt(runVar[c] + p.eps);
    return;
  }
  var n = 0.0;
  var mu = 0.0;
  var m2 = 0.0;
  for (var k = 0u; k < p.chunks; k++) {
    let nb = f32(min(p.rowsPerChunk, p.rows - k * p.rowsPerChunk));
    let mb = partial[(k * p.channels + c) * 2u];
    let qb = partial[(k * p.channels + c) * 2u + 1u];
    let nt = n + nb;
    let d = mb - mu;
    mu = mu + d * (nb / nt);
    m2 = m2 + qb + d * d * (n * nb / nt);
    n = nt;
  }
  mean[c] = mu;
  invStd[c] = 1.0 / sqrt(m2 / n + p.eps);
  let unbiased = m2 / max(n - 1.0, 1.0);
  runMean[c] = (1.0 - p.momentum) * runMean[c] + p.momentum * mu;
  runVar[c] = (1.0 - p.momentum) * runVar[c] + p.momentum * unbiased;
}
