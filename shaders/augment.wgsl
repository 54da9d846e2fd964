// Seeded image augmentation of a batch [N, H, W, C] (NHWC), one thread per output element:
// random shift (zero fill), horizontal flip, gaussian noise. random.wgsl is prepended. The
// formulas are the CPU reference's (src/data/augment.ts), with step = the stream word read
// at run time from a UniformBlock, so a replayed step plan augments differently each step:
//   stream(purpose) = hash32(hash32(step) ^ purpose); k = hashU32(seed, stream, index) >> 8
//   (hashUniform = k / 2^24). Row b draws dy, dx, flip with index b; noise draws with the
//   element's flat index in the batch.
// NOTE: dy = floor(k * (2 * shift + 1) / 2^24) - shift is computed with exact integer math
// (in f32 the product can round up to the next integer), flip is k < 2^23 (u < 0.5), and
// the Box-Muller terms use our own -ln(1 - u) and cos(2 pi v): WGSL only promises absolute
// error 2^-21 for log near 1 (sqrt(-2 ln u1) of a tiny negative would be NaN) and 2^-11
// for cos.
struct Params { count: u32, h: u32, w: u32, c: u32, seed: u32, shift: u32, flip: u32, noise: f32, streamWord: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;
// The UniformBlock holding the step (its size in vec4s is substituted when compiling).
const DYN_VEC4S: u32 = 1u;
@group(0) @binding(3) var<uniform> dyn: array<vec4<u32>, DYN_VEC4S>;

override WG: u32 = 256;

fn augmentStream(step: u32, purpose: u32) -> u32 {
  return hash32(hash32(step) ^ purpose);
}

/** The 24-bit integer k behind hashUniform (u = k / 2^24, exact in f32). */
fn draw24(stream: u32, index: u32) -> u32 {
  return hashU32(p.seed, stream, index) >> 8u;
}

/** floor(k * span / 2^24) for k < 2^24, span < 2^19, without overflowing 32 bits. */
fn scaledDraw(k: u32, span: u32) -> i32 {
  let hi = (k >> 12u) * span;
  let lo = (k & 0xfffu) * span;
  return i32((hi + (lo >> 12u)) >> 12u);
}

/** -ln(1 - u) for u in [0, 1), accurate relative to the result (u has 24 bits). */
fn negLog1m(u: f32) -> f32 {
  if (u > 0.5) {
    return -log(1.0 - u); // 1 - u is exact and at most 0.5: log's relative accuracy holds
  }
  // -ln(1 - u) = 2 atanh(t), t = u / (2 - u) <= 1/3: the odd series to t^17.
  let t = u / (2.0 - u);
  let t2 = t * t;
  var s = 1.0 / 17.0;
  s = 1.0 / 15.0 + t2 * s;
  s = 1.0 / 13.0 + t2 * s;
  s = 1.0 / 11.0 + t2 * s;
  s = 1.0 / 9.0 + t2 * s;
  s = 1.0 / 7.0 + t2 * s;
  s = 1.0 / 5.0 + t2 * s;
  s = 1.0 / 3.0 + t2 * s;
  s = 1.0 + t2 * s;
  return 2.0 * t * s;
}

/** cos(2 pi v) for v in [0, 1): quadrant reduction (exact) and Taylor series on |r| <= pi/4. */
fn cos2pi(v: f32) -> f32 {
  let q = floor(4.0 * v + 0.5);
  let r = 6.2831853071795862 * (v - 0.25 * q);
  let r2 = r * r;
  let c = 1.0 + r2 * (-1.0 / 2.0 + r2 * (1.0 / 24.0 + r2 * (-1.0 / 720.0 + r2 * (1.0 / 40320.0 + r2 * (-1.0 / 3628800.0)))));
  let s = r * (1.0 + r2 * (-1.0 / 6.0 + r2 * (1.0 / 120.0 + r2 * (-1.0 / 5040.0 + r2 * (1.0 / 362880.0)))));
  switch (u32(q) & 3u) {
    case 0u: { return c; }
    case 1u: { return -s; }
    case 2u: { return -c; }
    default: { return s; }
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= p.count) {
    return;
  }
  let step = dyn[p.streamWord / 4u][p.streamWord % 4u];
  let size = p.h * p.w * p.c;
  let row = i / size;
  let e = i - row * size;
  let ch = e % p.c;
  let pixel = e / p.c;
  let px = i32(pixel % p.w);
  let py = i32(pixel / p.w);
  var dy = 0;
  var dx = 0;
  if (p.shift > 0u) {
    let span = 2u * p.shift + 1u;
    dy = scaledDraw(draw24(augmentStream(step, 1u), row), span) - i32(p.shift);
    dx = scaledDraw(draw24(augmentStream(step, 2u), row), span) - i32(p.shift);
  }
  let flip = p.flip != 0u && draw24(augmentStream(step, 3u), row) < 8388608u;
  let sy = py - dy;
  let sxShifted = px - dx;
  let sx = select(sxShifted, i32(p.w) - 1 - sxShifted, flip);
  var v = 0.0;
  if (sy >= 0 && sy < i32(p.h) && sxShifted >= 0 && sxShifted < i32(p.w)) {
    v = x[row * size + (u32(sy) * p.w + u32(sx)) * p.c + ch];
  }
  if (p.noise > 0.0) {
    let u1 = f32(draw24(augmentStream(step, 4u), i)) / 16777216.0;
    let u2 = f32(draw24(augmentStream(step, 5u), i)) / 16777216.0;
    v += p.noise * sqrt(2.0 * negLog1m(u1)) * cos2pi(u2);
  }
  y[i] = v;
}
