// The batch gather: out row r = src row indices[offset + r]. Copies 32-bit words, so it
// serves f32 and u32 sources alike; `Word` becomes vec4<u32> when rows are a multiple of 4
// words long. `offset` is read at run time from a UniformBlock word (the batch position
// changes every step of a replayed plan). Out-of-range positions or rows give zeros.
alias Word = u32;

struct Params { count: u32, rowLen: u32, srcRows: u32, indexCount: u32, offsetWord: u32 }

@group(0) @binding(0) var<storage, read> src: array<Word>;
@group(0) @binding(1) var<storage, read> indices: array<u32>;
@group(0) @binding(2) var<storage, read_write> out: array<Word>;
@group(0) @binding(3) var<uniform> p: Params;
// The UniformBlock holding the offset (its size in vec4s is substituted when compiling).
const DYN_VEC4S: u32 = 1u;
@group(0) @binding(4) var<uniform> dyn: array<vec4<u32>, DYN_VEC4S>;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= p.count) {
    return;
  }
  let r = i / p.rowLen;
  let k = i % p.rowLen;
  let pos = dyn[p.offsetWord / 4u][p.offsetWord % 4u] + r;
  var v = Word();
  if (pos < p.indexCount) {
    let row = indices[pos];
    if (row < p.srcRows) {
      v = src[row * p.rowLen + k];
    }
  }
  out[i] = v;
}
