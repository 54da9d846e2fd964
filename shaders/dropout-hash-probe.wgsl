// Test probe for the dropout RNG: writes hashU32(seed, stream, i) and the bits of
// hashUniform(seed, stream, i) so tests can compare them with src/engine/random.ts bit for
// bit (random.wgsl is prepended). Not used by any training kernel.
struct Params { count: u32, seed: u32, stream: u32 }

@group(0) @binding(0) var<storage, read_write> words: array<u32>;
@group(0) @binding(1) var<storage, read_write> uniforms: array<u32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i < p.count) {
    words[i] = hashU32(p.seed, p.stream, i);
    uniforms[i] = bitcast<u32>(hashUniform(p.seed, p.stream, i));
  }
}
