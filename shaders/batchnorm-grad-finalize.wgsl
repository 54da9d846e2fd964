// Column sums for the norm gradients, level 2: dgamma[c] = Σ_k sumDyXhat[k, c] and
// dbeta[c] = Σ_k sumDy[k, c], summed in chunk order (deterministic).
struct Params { channels: u32, chunks: u32 }

@group(0) @binding(0) var<storage, read> sumDyXhat: array<f32>;
@group(0) @binding(1) var<storage, read> sumDy: array<f32>;
@group(0) @binding(2) var<storage, read_write> dgamma: array<f32>;
@group(0) @binding(3) var<storage, read_write> dbeta: array<f32>;
@group(0) @binding(4) var<uniform> p: Params;

override WG: u32 = 64;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c = gid.x;
  if (c >= p.channels) {
    return;
  }
  var a = 0.0;
  var b = 0.0;
  for (var k = 0u; k < p.chunks; k++) {
    a += sumDyXhat[k * p.channels + c];
    b += sumDy[k * p.channels + c];
  }
  dgamma[c] = a;
  dbeta[c] = b;
}
