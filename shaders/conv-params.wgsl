// Geometry of a 2-D convolution over NHWC, prepended to every conv2d kernel (conv-gemm and
// the direct kernels); one uniform layout so conv.ts and conv-direct.ts fill it the same way.
struct ConvParams {
  M: u32, N: u32, K: u32, kChunk: u32,
  batch: u32, H: u32, W: u32, Cin: u32,
  Ho: u32, Wo: u32, Cout: u32, kh: u32,
  kw: u32, sh: u32, sw: u32, dh: u32,
  dw: u32, padTop: u32, padLeft: u32, alpha: f32,
}
