// GEMM operand OPERAND (binding SLOT) read as vec4: its rows have a multiple of 4 columns.
@group(0) @binding(SLOT) var<storage, read> OPERAND: array<vec4<f32>>;

// Elements c..c+3 of row r of a row-major [rows, cols] matrix starting at element `base`,
// zero outside. NOTE: cols % 4 == 0 and c % 4 == 0 here, so the vector lies wholly inside
// the row or wholly past its end, and base (a multiple of rows·cols) stays vec4-aligned.
fn load_OPERAND(base: u32, r: u32, c: u32, rows: u32, cols: u32) -> vec4<f32> {
  if (r >= rows || c >= cols) {
    return vec4<f32>(0.0);
  }
  return OPERAND[(base + r * cols + c) / 4u];
}
