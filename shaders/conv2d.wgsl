// conv2d forward as an implicit GEMM (appended: conv-gemm.wgsl). Rows m = (b, oy, ox),
// columns n = co, reduction k = (ky, kx, ci); epilogue y = op_f(acc + bias[co], alpha).
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> weights: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<uniform> p: ConvParams;

override HAS_BIAS: bool = false;

//!POINTWISE

// Row m = (b, oy, ox): (b·H, top input row, left input column) of its window.
fn rowInfo(m: u32) -> vec4<i32> {
  let ox = m % p.Wo;
  let t = m / p.Wo;
  let oy = t % p.Ho;
  let b = t / p.Ho;
  return vec4<i32>(i32(b * p.H), i32(oy * p.sh) - i32(p.padTop), i32(ox * p.sw) - i32(p.padLeft), 0);
}

fn loadA(row: vec4<i32>, k: u32) -> f32 {
  let ci = k % p.Cin;
  let tap = k / p.Cin;
  let iy = row.y + i32((tap / p.kw) * p.dh);
  let ix = row.z + i32((tap % p.kw) * p.dw);
  if (iy < 0 || ix < 0 || iy >= i32(p.H) || ix >= i32(p.W)) { return 0.0; }
  return x[((u32(row.x + iy)) * p.W + u32(ix)) * p.Cin + ci];
}

// The HWIO filter is already the [K, Cout] matrix.
fn loadB(k: u32, n: u32) -> f32 {
  return weights[k * p.N + n];
}

fn storeC(m: u32, n: u32, split: u32, v: f32) {
  var z = v;
  if (HAS_BIAS) { z += bias[n]; }
  y[m * p.N + n] = op_f(z, p.alpha);
}
