// One fused optimizer update over flat buffers: params, grads and up to two state slots,
// one thread per element. RULE picks torch.optim's rule: its number and its update come
// from the optimizer table (src/engine/optim-table.ts) through `npm run gen`, which writes
// src/engine/webgpu/optim.gen.ts; the host splices that in at the two markers below (the
// Hyper struct and DECOUPLED_DECAY at module scope, the switch inside main).
// Hyperparameters come from a uniform block the trainer rewrites each step (word layout
// OPTIM_HYPER), so lr changes need no re-trace. Rules with fewer slots bind small dummies
// for s0/s1.
struct Params { count: u32 }

@group(0) @binding(0) var<storage, read_write> params: array<f32>;
@group(0) @binding(1) var<storage, read> grads: array<f32>;
@group(0) @binding(2) var<storage, read_write> s0: array<f32>;
@group(0) @binding(3) var<storage, read_write> s1: array<f32>;
@group(0) @binding(4) var<uniform> h: Hyper;
// [1]: the global-norm clipping factor (1 when not clipping).
@group(0) @binding(5) var<storage, read> gradScale: array<f32>;
@group(0) @binding(6) var<uniform> p: Params;

override WG: u32 = 256;
override RULE: u32 = 0;
//!OPTIM_DECLARATIONS

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (gradScale[0] == 0.0) { return; } // a step the guard stopped (step-guard.wgsl) changes nothing
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= p.count) {
    return;
  }
  var w = params[i];
  // Coupled weight decay (all but the decoupled rules) and the l1/l2 loss penalties join the gradient.
  let decay = select(h.weightDecay, 0.0, DECOUPLED_DECAY);
  let g = grads[i] * gradScale[0] + decay * w + h.l1 * sign(w) + 2.0 * h.l2 * w;
  //!OPTIM_RULES
  params[i] = w;
}
