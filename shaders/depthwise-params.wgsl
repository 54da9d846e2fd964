// Geometry of a depthwise conv2d (prepended to the depthwise kernels). x [batch, H, W, C],
// filter [kh, kw, C, M], y [batch, Ho, Wo, C·M] with output channel c·M + m.
struct DwParams {
  total: u32, batch: u32, H: u32, W: u32,
  C: u32, M: u32, Ho: u32, Wo: u32,
  kh: u32, kw: u32, sh: u32, sw: u32,
  dh: u32, dw: u32, padTop: u32, padLeft: u32,
  alpha: f32, pixChunk: u32, splits: u32,
}

override WG: u32 = 256;
