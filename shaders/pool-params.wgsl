// Geometry of a 2-D pooling window over NHWC (prepended to the pool kernels), plus the
// helpers that clip a window to the image and find the windows covering an input.
struct PoolParams {
  total: u32, batch: u32, H: u32, W: u32,
  C: u32, Ho: u32, Wo: u32, kh: u32,
  kw: u32, sh: u32, sw: u32, padTop: u32,
  padLeft: u32,
}

override WG: u32 = 256;

/** [first, end) input rows (or columns) of output o's window, clipped to [0, size). */
fn windowSpan(o: u32, stride: u32, pad: u32, k: u32, size: u32) -> vec2<u32> {
  let start = i32(o * stride) - i32(pad);
  return vec2<u32>(u32(max(start, 0)), u32(min(start + i32(k), i32(size))));
}

/** [first, end) outputs whose window covers input i along one axis. */
fn coveringOutputs(i: u32, stride: u32, pad: u32, k: u32, outSize: u32) -> vec2<u32> {
  let last = i32(i + pad); // the window starting at o·stride - pad covers i when o·stride ≤ i + pad
  let first = last - i32(k) + 1; // ... and o·stride ≥ i + pad - k + 1
  let lo = select(0u, u32((first + i32(stride) - 1) / i32(stride)), first > 0);
  let hi = min(u32(last) / stride + 1u, outSize);
  return vec2<u32>(lo, max(lo, hi));
}
