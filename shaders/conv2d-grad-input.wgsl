// conv2d input gradient (the transposed convolution) as an implicit GEMM (appended:
// conv-gemm.wgsl). Rows m = (b, iy, ix), columns n = ci, reduction k = (ky, kx, co):
// dx[b, iy, ix, ci] = Σ dy[b, oy, ox, co] · W[ky, kx, ci, co] over the taps where
// iy = oy·sh + ky·dh - padTop for an integer oy in range (likewise x).
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> weights: array<f32>;
@group(0) @binding(2) var<storage, read_write> dx: array<f32>;
@group(0) @binding(3) var<uniform> p: ConvParams;

// Row m = (b, iy, ix): (b, iy + padTop, ix + padLeft).
fn rowInfo(m: u32) -> vec4<i32> {
  let ix = m % p.W;
  let t = m / p.W;
  let iy = t % p.H;
  let b = t / p.H;
  return vec4<i32>(i32(b), i32(iy + p.padTop), i32(ix + p.padLeft), 0);
}

fn loadA(row: vec4<i32>, k: u32) -> f32 {
  let co = k % p.Cout;
  let tap = k / p.Cout;
  // NOTE: with stride > 1 only taps where (i + pad - k·d) divides by the stride touch an
  // output; the others contribute zero.
  let ty = row.y - i32((tap / p.kw) * p.dh);
  let tx = row.z - i32((tap % p.kw) * p.dw);
  if (ty < 0 || tx < 0) { return 0.0; }
  let uy = u32(ty);
  let ux = u32(tx);
  if (uy % p.sh != 0u || ux % p.sw != 0u) { return 0.0; }
  let oy = uy / p.sh;
  let ox = ux / p.sw;
  if (oy >= p.Ho || ox >= p.Wo) { return 0.0; }
  return dy[((u32(row.x) * p.Ho + oy) * p.Wo + ox) * p.Cout + co];
}

fn loadB(k: u32, n: u32) -> f32 {
  let co = k % p.Cout;
  let tap = k / p.Cout;
  return weights[(tap * p.Cin + n) * p.Cout + co];
}

fn storeC(m: u32, n: u32, split: u32, v: f32) {
  dx[m * p.N + n] = v;
}
