// Counter-based randomness, the WGSL twin of src/engine/random.ts (hash32, hashU32,
// hashUniform). Included by kernels that draw random numbers (dropout, augmentation).
// NOTE: only u32 multiply (wrapping), xor and shifts, so CPU and GPU agree bit for bit.

fn hash32(x: u32) -> u32 {
  let state = x * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}

fn hashU32(seed: u32, stream: u32, index: u32) -> u32 {
  return hash32(hash32(hash32(seed) ^ stream) ^ index);
}

fn hashUniform(seed: u32, stream: u32, index: u32) -> f32 {
  return f32(hashU32(seed, stream, index) >> 8u) / 16777216.0;
}
