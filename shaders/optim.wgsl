// One fused optimizer update over flat buffers: params, grads and up to two state slots,
// one thread per element. RULE picks torch.optim's rule (the numbering is OPTIMIZER_RULES'
// order in src/engine/kernels/optim.ts). Hyperparameters come from a uniform block the
// trainer rewrites each step (word layout OPTIM_HYPER), so lr changes need no re-trace.
// Rules with fewer slots bind small dummies for s0/s1.
struct Hyper {
  lr: f32, momentum: f32, beta1: f32, beta2: f32,
  eps: f32, weightDecay: f32, l1: f32, l2: f32,
  step: f32, alpha: f32, _pad0: f32, _pad1: f32,
}
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
// 0 sgd, 1 momentum, 2 nesterov, 3 adam, 4 adamw, 5 rmsprop, 6 adagrad
override RULE: u32 = 0;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (gradScale[0] == 0.0) { return; } // a step the guard stopped (step-guard.wgsl) changes nothing
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= p.count) {
    return;
  }
  var w = params[i];
  // Coupled weight decay (all but adamw) and the l1/l2 loss penalties join the gradient.
  let decay = select(h.weightDecay, 0.0, RULE == 4u);
  let g = grads[i] * gradScale[0] + decay * w + h.l1 * sign(w) + 2.0 * h.l2 * w;
  switch RULE {
    case 1u: {
      let b = h.momentum * s0[i] + g;
      s0[i] = b;
      w -= h.lr * b;
    }
    case 2u: {
      let b = h.momentum * s0[i] + g;
      s0[i] = b;
      w -= h.lr * (g + h.momentum * b);
    }
    case 3u, 4u: {
      if (RULE == 4u) {
        w *= 1.0 - h.lr * h.weightDecay;
      }
      let m = h.beta1 * s0[i] + (1.0 - h.beta1) * g;
      let v = h.beta2 * s1[i] + (1.0 - h.beta2) * g * g;
      s0[i] = m;
      s1[i] = v;
      // PyTorch: p -= (lr / bc1) · m / (sqrt(v) / sqrt(bc2) + eps)
      let bc1 = 1.0 - pow(h.beta1, h.step);
      let bc2Sqrt = sqrt(1.0 - pow(h.beta2, h.step));
      w -= (h.lr / bc1) * m / (sqrt(v) / bc2Sqrt + h.eps);
    }
    case 5u: {
      let v = h.alpha * s0[i] + (1.0 - h.alpha) * g * g;
      s0[i] = v;
      w -= h.lr * g / (sqrt(v) + h.eps);
    }
    case 6u: {
      let v = s0[i] + g * g;
      s0[i] = v;
      w -= h.lr * g / (sqrt(v) + h.eps);
    }
    default: {
      w -= h.lr * g;
    }
  }
  params[i] = w;
}
