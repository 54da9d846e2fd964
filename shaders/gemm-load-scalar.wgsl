// GEMM operand OPERAND (binding SLOT) read per element: its rows are not a multiple of 4
// long, so a vec4 could straddle two rows (and lose its 16-byte alignment).
@group(0) @binding(SLOT) var<storage, read> OPERAND: array<f32>;

// Elements c..c+3 of row r of a row-major [rows, cols] matrix starting at element `base`, zero outside.
fn load_OPERAND(base: u32, r: u32, c: u32, rows: u32, cols: u32) -> vec4<f32> {
  var v = vec4<f32>(0.0);
  if (r < rows) {
    let i = base + r * cols + c;
    for (var t = 0u; t < 4u; t++) {
      if (c + t < cols) {
        v[t] = OPERAND[i + t];
      }
    }
  }
  return v;
}
