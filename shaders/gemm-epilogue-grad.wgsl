// Backward of the GEMM epilogue y = activation(z), z = a·b + bias, for a [R, N] output:
//   dz = dy · activation'(z, y)      (written when ACTIVATE)
//   dbias[n] = Σ_r dz[r, n]          (written when BIAS_GRAD)
// One pass over dy, z, y. A workgroup owns WG_COLS columns; its LANES row lanes walk the
// rows r ≡ lane (mod LANES), then the lanes' partial sums are added in a fixed order, so
// the bias gradient is bit-reproducible (no atomics).
struct Params {
  rows: u32,
  cols: u32,
  alpha: f32,
  _pad: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> z: array<f32>;
@group(0) @binding(3) var<storage, read> y: array<f32>;
@group(0) @binding(4) var<storage, read_write> dz: array<f32>;
@group(0) @binding(5) var<storage, read_write> dbias: array<f32>;

override WG_COLS: u32 = 64u;
override LANES: u32 = 4u;
override ACTIVATE: bool = true;
override BIAS_GRAD: bool = true;

var<workgroup> partial: array<f32, WG_COLS * LANES>;

//!POINTWISE

@compute @workgroup_size(WG_COLS, LANES)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let R = params.rows;
  let N = params.cols;
  let strips = (N + WG_COLS - 1u) / WG_COLS;
  // Grid-stride over column strips: any N fits the per-dimension workgroup limit.
  for (var s = wid.x; s < strips; s += nwg.x) {
    let col = s * WG_COLS + lid.x;
    var sum = 0.0;
    if (col < N) {
      for (var r = lid.y; r < R; r += LANES) {
        let i = r * N + col;
        var g = dy[i];
        if (ACTIVATE) {
          g = g * op_df(z[i], y[i], params.alpha);
          dz[i] = g;
        }
        sum += g;
      }
    }
    if (BIAS_GRAD) {
      partial[lid.y * WG_COLS + lid.x] = sum;
      workgroupBarrier();
      if (lid.y == 0u && col < N) {
        var total = 0.0;
        for (var l = 0u; l < LANES; l++) {
          total += partial[l * WG_COLS + lid.x];
        }
        dbias[col] = total;
      }
      workgroupBarrier();
    }
  }
}
