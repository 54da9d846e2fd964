// GEMM outputs written as vec4 (N % 4 == 0): C = y, and Z = z (pre-activation) when KEEP_Z.
@group(0) @binding(4) var<storage, read_write> C: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> Z: array<vec4<f32>>;

fn store_C(base: u32, r: u32, c: u32, rows: u32, cols: u32, y: vec4<f32>, z: vec4<f32>) {
  if (r < rows && c < cols) {
    let i = (base + r * cols + c) / 4u;
    C[i] = y;
    if (KEEP_Z) {
      Z[i] = z;
    }
  }
}
