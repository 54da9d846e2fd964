// Inverted dropout. Element i is kept when hashUniform(seed, stream, i) >= rate (random.wgsl
// is prepended); mask holds 0 or 1/(1-rate) for the backward pass. The stream is read at
// run time from a UniformBlock word, so a replayed step plan draws a new mask every step.
struct Params { count: u32, seed: u32, rate: f32, scale: f32, streamWord: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<storage, read_write> mask: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;
// The UniformBlock holding the stream (its size in vec4s is substituted when compiling).
const DYN_VEC4S: u32 = 1u;
@group(0) @binding(4) var<uniform> dyn: array<vec4<u32>, DYN_VEC4S>;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= p.count) {
    return;
  }
  let stream = dyn[p.streamWord / 4u][p.streamWord % 4u];
  let m = select(0.0, p.scale, hashUniform(p.seed, stream, i) >= p.rate);
  mask[i] = m;
  y[i] = x[i] * m;
}
