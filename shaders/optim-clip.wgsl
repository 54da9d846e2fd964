// The global-norm clipping factor, PyTorch's clip_grad_norm_: min(1, maxNorm / (‖g‖ + 1e-6)).
struct Params { maxNorm: f32 }

@group(0) @binding(0) var<storage, read> sumSq: array<f32>;
@group(0) @binding(1) var<storage, read_write> factor: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(1)
fn main() {
  factor[0] = min(1.0, p.maxNorm / (sqrt(sumSq[0]) + 1e-6));
}
