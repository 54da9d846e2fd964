// Deterministic column sums: in is [S, R]; out[c, r] = Σ in[s, r] over the rows s of
// chunk c (chunkRows rows each), in row order. Two passes reduce a tall [M, C] to [C]
// (bias gradients) or add up split-K partials. No atomics: bit-reproducible.
struct Params { S: u32, R: u32, chunkRows: u32, chunks: u32 }

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= p.R * p.chunks) { return; }
  let r = i % p.R;
  let c = i / p.R;
  let s0 = c * p.chunkRows;
  let s1 = min(p.S, s0 + p.chunkRows);
  var acc = 0.0;
  for (var s = s0; s < s1; s++) { acc += src[s * p.R + r]; }
  dst[i] = acc;
}
