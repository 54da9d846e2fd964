// conv2d filter gradient as an implicit GEMM (appended: conv-gemm.wgsl) with split-K.
// Rows r = (ky, kx, ci), columns n = co, reduction over m = (b, oy, ox):
// dW[ky, kx, ci, co] = Σ x[b, iy, ix, ci] · dy[b, oy, ox, co]. Each split writes its own
// partial [split, r, co]; a fixed-order sum finishes (see conv-sum-rows.wgsl).
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read_write> partial: array<f32>;
@group(0) @binding(3) var<uniform> p: ConvParams;

// Row r = (ky, kx, ci): (ci, ky·dh - padTop, kx·dw - padLeft).
fn rowInfo(r: u32) -> vec4<i32> {
  let tap = r / p.Cin;
  return vec4<i32>(i32(r % p.Cin), i32((tap / p.kw) * p.dh) - i32(p.padTop), i32((tap % p.kw) * p.dw) - i32(p.padLeft), 0);
}

fn loadA(row: vec4<i32>, m: u32) -> f32 {
  let ox = m % p.Wo;
  let t = m / p.Wo;
  let oy = t % p.Ho;
  let b = t / p.Ho;
  let iy = i32(oy * p.sh) + row.y;
  let ix = i32(ox * p.sw) + row.z;
  if (iy < 0 || ix < 0 || iy >= i32(p.H) || ix >= i32(p.W)) { return 0.0; }
  return x[((b * p.H + u32(iy)) * p.W + u32(ix)) * p.Cin + u32(row.x)];
}

fn loadB(m: u32, n: u32) -> f32 {
  return dy[m * p.N + n];
}

fn storeC(r: u32, n: u32, split: u32, v: f32) {
  partial[(split * p.M + r) * p.N + n] = v;
}
