// GEMM outputs written per element (N % 4 != 0): C = y, and Z = z (pre-activation) when KEEP_Z.
@group(0) @binding(4) var<storage, read_write> C: array<f32>;
@group(0) @binding(5) var<storage, read_write> Z: array<f32>;

fn store_C(base: u32, r: u32, c: u32, rows: u32, cols: u32, y: vec4<f32>, z: vec4<f32>) {
  if (r < rows) {
    let i = base + r * cols + c;
    for (var t = 0u; t < 4u; t++) {
      if (c + t < cols) {
        C[i + t] = y[t];
        if (KEEP_Z) {
          Z[i + t] = z[t];
        }
      }
    }
  }
}
