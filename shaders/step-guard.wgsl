// The non-finite guard of a training step (after backward, before the optimizer): when the
// step's loss or Σg² is NaN/Inf it sets the sticky flag words (flagged, 1-based step) and,
// once flagged, writes the gradient scale as exactly 0 (the optimizer kernel then returns
// early) and puts the state the forward pass changed (running statistics) back from the
// copy taken at the start of the step. Thread 0 decides; the workgroup restores. It also
// records the step's loss in slot `stream` of `record` while stream < recordCount (a run's
// first step losses, read back once).
struct GuardParams { stepWord: u32, keepScale: u32, restoreCount: u32, recordCount: u32 }

// Values are read as bits: NaN/Inf is "every exponent bit set" (x != x may be folded away).
@group(0) @binding(0) var<storage, read> loss: array<u32>;
@group(0) @binding(1) var<storage, read> sumSq: array<u32>;
@group(0) @binding(2) var<storage, read_write> words: array<u32>;
@group(0) @binding(3) var<storage, read_write> scale: array<f32>;
@group(0) @binding(4) var<storage, read_write> live: array<f32>;
@group(0) @binding(5) var<storage, read> backup: array<f32>;
@group(0) @binding(6) var<uniform> p: GuardParams;
// The UniformBlock holding the step's 0-based stream (its size in vec4s is substituted).
const DYN_VEC4S: u32 = 1u;
@group(0) @binding(7) var<uniform> dyn: array<vec4<u32>, DYN_VEC4S>;
@group(0) @binding(8) var<storage, read_write> record: array<u32>;

const WG: u32 = 64u;
const EXPONENT: u32 = 0x7f800000u;

var<workgroup> flagged: u32;

fn nonFinite(bits: u32) -> bool {
  return (bits & EXPONENT) == EXPONENT;
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) li: u32) {
  if (li == 0u) {
    let slot = dyn[p.stepWord / 4u][p.stepWord % 4u];
    if (slot < p.recordCount) {
      record[slot] = loss[0];
    }
    if (words[0] == 0u && (nonFinite(loss[0]) || nonFinite(sumSq[0]))) {
      words[0] = 1u;
      words[1] = dyn[p.stepWord / 4u][p.stepWord % 4u] + 1u;
    }
    flagged = words[0];
    if (flagged != 0u) {
      scale[0] = 0.0;
    } else if (p.keepScale == 0u) {
      scale[0] = 1.0;
    }
  }
  if (workgroupUniformLoad(&flagged) != 0u) {
    for (var i = li; i < p.restoreCount; i += WG) {
      live[i] = backup[i];
    }
  }
}
