#!/usr/bin/python3
"""Golden values from PyTorch for the TypeScript engine's tests.

Run with Debian's interpreter (it has python3-torch 1.13):

    npm run goldens        # = /usr/bin/python3 scripts/make_goldens.py

Writes src/testdata/goldens/{ops,optim,train,layers}.json. Everything is in OUR conventions
(docs/conventions.md): NHWC images, dense weight [in, out], conv filter [kh, kw, cin, cout],
depthwise filter [kh, kw, cin, mult]. PyTorch layouts only appear inside the helpers below.

Inputs are drawn here from a fixed torch seed, rounded to float32 (so a float32 engine
starts from exactly the stored numbers), and stored next to the outputs. Outputs and
gradients are computed in float64 from those stored inputs, then written with 9
significant digits. See src/testdata/README.md for the schemas.
"""

import json
import math
import os
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
DT = torch.float64
SIG = 9

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "src", "testdata", "goldens")

GEN = torch.Generator().manual_seed(20240611)


# ----------------------------------------------------------------------------- helpers

def rnd(v):
    """Round a float to SIG significant digits (a plain JSON number)."""
    v = float(v)
    if not math.isfinite(v):
        raise ValueError("non-finite golden value")
    if v == 0.0:
        return 0.0
    return float(f"{v:.{SIG}g}")


def f32(t):
    """Round a float64 tensor to float32-representable values (still float64)."""
    return t.detach().to(torch.float32).to(DT)


def randn(*shape, scale=1.0):
    return f32(torch.randn(*shape, generator=GEN, dtype=DT) * scale)


def rand(*shape, lo=0.0, hi=1.0):
    return f32(torch.rand(*shape, generator=GEN, dtype=DT) * (hi - lo) + lo)


def randint(n, *shape):
    return torch.randint(0, n, shape, generator=GEN)


def away_from_zero(t, eps=1e-3):
    """Push values closer than eps to 0 out to +-eps (no input sits on a kink)."""
    small = t.abs() < eps
    return f32(torch.where(small, torch.where(t < 0, -eps, eps) * torch.ones_like(t), t))


def T(t, dtype=None):
    """Tensor -> {shape, data} with data row-major."""
    t = t.detach()
    out = {"shape": list(t.shape)}
    if dtype == "u32" or not t.is_floating_point():
        out["dtype"] = "u32"
        out["data"] = [int(v) for v in t.reshape(-1).tolist()]
    else:
        out["data"] = [rnd(v) for v in t.reshape(-1).tolist()]
    return out


def pair(v):
    return [v, v] if isinstance(v, int) else list(v)


def same_pads(size, k, stride, dilation):
    """TensorFlow's 'same': out = ceil(in / stride), smaller half of the padding first."""
    out = -(-size // stride)
    total = max((out - 1) * stride + (k - 1) * dilation + 1 - size, 0)
    return total // 2, total - total // 2


def pads_for(x_hw, k, strides, dilation, padding):
    if padding == "valid":
        return [0, 0, 0, 0]
    t, b = same_pads(x_hw[0], k[0], strides[0], dilation[0])
    l, r = same_pads(x_hw[1], k[1], strides[1], dilation[1])
    return [t, b, l, r]


# Our-layout ops written with PyTorch ops (autograd gives grads in our layouts).

def conv2d_nhwc(x, w, b, strides, padding, dilation):
    """x [N,H,W,C], w [kh,kw,cin,cout] -> [N,OH,OW,cout]."""
    kh, kw = w.shape[0], w.shape[1]
    pads = pads_for((x.shape[1], x.shape[2]), (kh, kw), strides, dilation, padding)
    xc = x.permute(0, 3, 1, 2)
    xc = F.pad(xc, (pads[2], pads[3], pads[0], pads[1]))
    wc = w.permute(3, 2, 0, 1)  # [cout, cin, kh, kw]
    y = F.conv2d(xc, wc, b, stride=tuple(strides), dilation=tuple(dilation))
    return y.permute(0, 2, 3, 1), pads


def depthwise_nhwc(x, w, b, strides, padding, dilation):
    """x [N,H,W,C], w [kh,kw,C,mult] -> [N,OH,OW,C*mult], channel c*mult+m."""
    kh, kw, c, mult = w.shape
    pads = pads_for((x.shape[1], x.shape[2]), (kh, kw), strides, dilation, padding)
    xc = F.pad(x.permute(0, 3, 1, 2), (pads[2], pads[3], pads[0], pads[1]))
    # PyTorch grouped conv: weight [C*mult, 1, kh, kw], output channel c*mult+m uses group c.
    wc = w.permute(2, 3, 0, 1).reshape(c * mult, 1, kh, kw)
    y = F.conv2d(xc, wc, b, stride=tuple(strides), dilation=tuple(dilation), groups=c)
    return y.permute(0, 2, 3, 1), pads


def pool_nhwc(x, kind, pool, strides, padding):
    pads = pads_for((x.shape[1], x.shape[2]), pool, strides, [1, 1], padding)
    xc = x.permute(0, 3, 1, 2)
    if kind == "max":
        xc = F.pad(xc, (pads[2], pads[3], pads[0], pads[1]), value=-math.inf)
        y = F.max_pool2d(xc, tuple(pool), tuple(strides))
    else:
        # TF 'same' average pooling divides by the number of real (unpadded) elements.
        xp = F.pad(xc, (pads[2], pads[3], pads[0], pads[1]))
        ones = F.pad(torch.ones_like(xc), (pads[2], pads[3], pads[0], pads[1]))
        s = F.avg_pool2d(xp, tuple(pool), tuple(strides))
        c = F.avg_pool2d(ones, tuple(pool), tuple(strides))
        y = s / c
    return y.permute(0, 2, 3, 1), pads


ACTS = {
    "linear": lambda x, a: x,
    "relu": lambda x, a: F.relu(x),
    "leakyRelu": lambda x, a: F.leaky_relu(x, a),
    "elu": lambda x, a: F.elu(x, a),
    "gelu": lambda x, a: F.gelu(x),  # exact erf form
    "silu": lambda x, a: F.silu(x),
    "tanh": lambda x, a: torch.tanh(x),
    "sigmoid": lambda x, a: torch.sigmoid(x),
    "softplus": lambda x, a: torch.log1p(torch.exp(-x.abs())) + x.clamp(min=0),
}


# ----------------------------------------------------------------------------- ops.json

CASES = []


def add_case(name, op, attrs, inputs, fn, grad_inputs, upstream_ones=False, extra_outputs=None):
    """inputs: {name: tensor (float, already f32-rounded) or ('u32', tensor)}.
    fn(**leaves) -> {outputName: tensor}. Grads are d sum(out * upstream) for the FIRST
    output (the only one with an upstream)."""
    leaves = {}
    stored_inputs = {}
    for k, v in inputs.items():
        if isinstance(v, tuple):
            leaves[k] = v[1]
            stored_inputs[k] = T(v[1], "u32")
        else:
            leaf = v.clone().requires_grad_(k in grad_inputs)
            leaves[k] = leaf
            stored_inputs[k] = T(v)
    outs = fn(**leaves)
    first = next(iter(outs))
    y = outs[first]
    up = torch.ones_like(y) if upstream_ones else randn(*y.shape)
    grads = {}
    if grad_inputs:
        gs = torch.autograd.grad((y * up).sum(), [leaves[k] for k in grad_inputs])
        grads = {k: T(g) for k, g in zip(grad_inputs, gs)}
    CASES.append({
        "name": name,
        "op": op,
        "attrs": attrs,
        "inputs": stored_inputs,
        "outputs": {k: T(v) for k, v in outs.items()},
        "upstream": {first: T(up)},
        "grads": grads,
    })


def gemm_cases():
    def gemm(a, b, bias=None, transA=False, transB=False, activation="linear"):
        aa = a.transpose(-1, -2) if transA else a
        bb = b.transpose(-1, -2) if transB else b
        y = aa @ bb
        if bias is not None:
            y = y + bias
        return ACTS[activation](y, None)

    for (m, n, k) in [(3, 5, 7), (17, 1, 65)]:
        for ta, tb, tag in [(False, False, "NN"), (False, True, "NT"), (True, False, "TN"), (True, True, "TT")]:
            a = randn(*((k, m) if ta else (m, k)))
            b = randn(*((n, k) if tb else (k, n)))
            add_case(f"gemm {tag} {m}x{n}x{k}", "gemm",
                     {"transA": ta, "transB": tb, "M": m, "N": n, "K": k},
                     {"a": a, "b": b},
                     lambda a, b, ta=ta, tb=tb: {"y": gemm(a, b, transA=ta, transB=tb)},
                     ["a", "b"])
    # batched: a [B,M,K] @ b [B,K,N]
    a, b = randn(2, 3, 4), randn(2, 4, 5)
    add_case("gemm batched NN 2x(3x5x4)", "gemm", {"transA": False, "transB": False, "M": 3, "N": 5, "K": 4, "batch": 2},
             {"a": a, "b": b}, lambda a, b: {"y": gemm(a, b)}, ["a", "b"])
    a, b = randn(3, 2, 6), randn(3, 5, 6)
    add_case("gemm batched NT 3x(2x5x6)", "gemm", {"transA": False, "transB": True, "M": 2, "N": 5, "K": 6, "batch": 3},
             {"a": a, "b": b}, lambda a, b: {"y": gemm(a, b, transB=True)}, ["a", "b"])
    # epilogue: y = act(a @ b + bias), bias [N]
    for act in ["relu", "gelu"]:
        a, b, bias = randn(4, 5), randn(5, 6), randn(6, scale=0.5)
        add_case(f"gemm NN 4x6x5 + bias + {act}", "gemm",
                 {"transA": False, "transB": False, "M": 4, "N": 6, "K": 5, "activation": act},
                 {"a": a, "b": b, "bias": bias},
                 lambda a, b, bias, act=act: {"y": gemm(a, b, bias, activation=act)},
                 ["a", "b", "bias"])


def activation_cases():
    special = torch.tensor([-30.0, -10.0, -3.0, -1.0, -0.5, -1e-3, -1e-6, 1e-6, 1e-3, 0.5, 1.0, 3.0, 10.0, 30.0])
    x = f32(torch.cat([special, away_from_zero(randn(26, scale=2.0), 1e-6)]).reshape(4, 10))
    for act, alpha in [("relu", None), ("leakyRelu", 0.2), ("elu", 1.0), ("gelu", None), ("silu", None),
                       ("tanh", None), ("sigmoid", None), ("softplus", None)]:
        attrs = {"activation": act}
        if alpha is not None:
            attrs["alpha"] = alpha
        add_case(f"activation {act}", "activation", attrs, {"x": x},
                 lambda x, act=act, alpha=alpha: {"y": ACTS[act](x, alpha)}, ["x"])


def softmax_loss_cases():
    x = randn(4, 7, scale=2.0)
    add_case("softmax 4x7", "softmax", {"axis": -1}, {"x": x}, lambda x: {"y": torch.softmax(x, -1)}, ["x"])
    x = randn(2, 3, 5, scale=3.0)
    x[0, 0, 0] = 40.0  # large logit: stable implementations subtract the max
    add_case("softmax 2x3x5 large", "softmax", {"axis": -1}, {"x": x}, lambda x: {"y": torch.softmax(x, -1)}, ["x"])
    x = randn(3, 6, scale=2.0)
    add_case("logSoftmax 3x6", "logSoftmax", {"axis": -1}, {"x": x}, lambda x: {"y": torch.log_softmax(x, -1)}, ["x"])

    for n, c, scale in [(5, 3, 1.0), (8, 10, 4.0), (1, 2, 1.0)]:
        logits = randn(n, c, scale=scale)
        labels = randint(c, n)
        add_case(f"softmaxCrossEntropy {n}x{c}", "softmaxCrossEntropy", {"reduction": "mean"},
                 {"logits": logits, "labels": ("u32", labels)},
                 lambda logits, labels: {"loss": F.cross_entropy(logits, labels)}, ["logits"], upstream_ones=True)

    logits = randn(6, 2, scale=3.0)
    logits[0, 0] = 25.0
    logits[1, 1] = -25.0
    targets = randint(2, 6, 2).to(DT)
    add_case("binaryCrossEntropy 6x2", "binaryCrossEntropy", {"fromLogits": True, "reduction": "mean"},
             {"logits": logits, "targets": targets},
             lambda logits, targets: {"loss": F.binary_cross_entropy_with_logits(logits, targets)},
             ["logits"], upstream_ones=True)
    pred, target = randn(5, 3), randn(5, 3)
    add_case("mse 5x3", "mse", {"reduction": "mean"}, {"pred": pred, "target": target},
             lambda pred, target: {"loss": F.mse_loss(pred, target)}, ["pred", "target"], upstream_ones=True)
    pred, target = randn(4, 4, scale=2.0), randn(4, 4)
    add_case("huber 4x4", "huber", {"delta": 1.0, "reduction": "mean"}, {"pred": pred, "target": target},
             lambda pred, target: {"loss": F.huber_loss(pred, target, delta=1.0)}, ["pred", "target"],
             upstream_ones=True)


def conv_cases():
    specs = [
        # name, N,H,W,Cin,Cout, k, strides, padding, dilation
        ("valid s1", 2, 7, 5, 3, 4, [3, 3], [1, 1], "valid", [1, 1]),
        ("same s1", 2, 7, 5, 3, 4, [3, 3], [1, 1], "same", [1, 1]),
        ("valid s2", 2, 7, 5, 3, 4, [3, 3], [2, 2], "valid", [1, 1]),
        ("same s2 asym", 2, 6, 5, 3, 4, [3, 3], [2, 2], "same", [1, 1]),
        ("valid d2", 2, 7, 6, 3, 4, [3, 3], [1, 1], "valid", [2, 2]),
        ("same d2", 1, 7, 5, 3, 4, [3, 3], [1, 1], "same", [2, 2]),
        ("same k2x3 s1x2", 2, 5, 6, 2, 3, [2, 3], [1, 2], "same", [1, 1]),
        ("same k4 s1 even kernel", 1, 5, 5, 2, 3, [4, 4], [1, 1], "same", [1, 1]),
        ("valid 1x1", 2, 3, 4, 5, 3, [1, 1], [1, 1], "valid", [1, 1]),
        ("same s3 k5 H8", 1, 8, 7, 2, 2, [5, 5], [3, 3], "same", [1, 1]),
    ]
    for name, n, h, w, cin, cout, k, s, pad, d in specs:
        x, f, b = randn(n, h, w, cin), randn(k[0], k[1], cin, cout, scale=0.5), randn(cout, scale=0.5)
        _, pads = conv2d_nhwc(x, f, b, s, pad, d)
        add_case(f"conv2d {name} N{n} {h}x{w}x{cin}->{cout} k{k[0]}x{k[1]}", "conv2d",
                 {"kernelSize": k, "strides": s, "padding": pad, "dilation": d, "pads": pads},
                 {"x": x, "filter": f, "bias": b},
                 lambda x, filter, bias, s=s, pad=pad, d=d: {"y": conv2d_nhwc(x, filter, bias, s, pad, d)[0]},
                 ["x", "filter", "bias"])

    dspecs = [
        ("mult1 same s1", 2, 6, 5, 3, 1, [3, 3], [1, 1], "same", [1, 1]),
        ("mult2 valid s1", 2, 5, 5, 3, 2, [3, 3], [1, 1], "valid", [1, 1]),
        ("mult2 same s2", 1, 7, 6, 2, 2, [3, 3], [2, 2], "same", [1, 1]),
        ("mult1 valid d2", 1, 7, 7, 2, 1, [3, 3], [1, 1], "valid", [2, 2]),
    ]
    for name, n, h, w, c, mult, k, s, pad, d in dspecs:
        x, f, b = randn(n, h, w, c), randn(k[0], k[1], c, mult, scale=0.5), randn(c * mult, scale=0.5)
        _, pads = depthwise_nhwc(x, f, b, s, pad, d)
        add_case(f"depthwiseConv2d {name} N{n} {h}x{w}x{c} k{k[0]}x{k[1]}", "depthwiseConv2d",
                 {"kernelSize": k, "strides": s, "padding": pad, "dilation": d, "depthMultiplier": mult, "pads": pads},
                 {"x": x, "filter": f, "bias": b},
                 lambda x, filter, bias, s=s, pad=pad, d=d: {"y": depthwise_nhwc(x, filter, bias, s, pad, d)[0]},
                 ["x", "filter", "bias"])


def pool_cases():
    specs = [
        ("2x2 s2", 2, 6, 4, 3, [2, 2], [2, 2], "valid"),
        ("2x2 s2 odd", 1, 7, 5, 2, [2, 2], [2, 2], "valid"),
        ("3x3 s2 odd", 2, 7, 5, 2, [3, 3], [2, 2], "valid"),
        ("3x3 s2 same", 1, 6, 5, 2, [3, 3], [2, 2], "same"),
    ]
    for kind, op in [("max", "maxPool2d"), ("avg", "avgPool2d")]:
        for name, n, h, w, c, p, s, pad in specs:
            x = randn(n, h, w, c)
            _, pads = pool_nhwc(x, kind, p, s, pad)
            add_case(f"{op} {name} N{n} {h}x{w}x{c}", op,
                     {"poolSize": p, "strides": s, "padding": pad, "pads": pads}, {"x": x},
                     lambda x, kind=kind, p=p, s=s, pad=pad: {"y": pool_nhwc(x, kind, p, s, pad)[0]}, ["x"])


def norm_cases():
    def bn(x, gamma, beta, runningMean, runningVar, training=True):
        c = x.shape[-1]
        rm, rv = runningMean.detach().clone(), runningVar.detach().clone()
        x2 = x.reshape(-1, c)  # per channel (last axis) over all other axes
        y = F.batch_norm(x2, rm, rv, gamma, beta, training=training, momentum=0.1, eps=1e-5)
        return {"y": y.reshape(x.shape), "runningMean": rm, "runningVar": rv}

    for name, shape in [("NHWC 2x3x3x4", (2, 3, 3, 4)), ("NF 6x5", (6, 5))]:
        c = shape[-1]
        x = randn(*shape, scale=1.5) + f32(torch.linspace(-1, 2, c))
        x = f32(x)
        g, b = f32(1 + randn(c, scale=0.2)), randn(c, scale=0.2)
        rm, rv = randn(c, scale=0.1), rand(c, lo=0.5, hi=1.5)
        for training in [True, False]:
            add_case(f"batchNorm {'train' if training else 'eval'} {name}", "batchNorm",
                     {"training": training, "momentum": 0.1, "eps": 1e-5, "axis": -1},
                     {"x": x, "gamma": g, "beta": b, "runningMean": rm, "runningVar": rv},
                     lambda x, gamma, beta, runningMean, runningVar, training=training:
                         bn(x, gamma, beta, runningMean, runningVar, training),
                     ["x", "gamma", "beta"])

    for shape in [(4, 6), (2, 3, 5)]:
        c = shape[-1]
        x = f32(randn(*shape, scale=2.0) + 0.5)
        g, b = f32(1 + randn(c, scale=0.2)), randn(c, scale=0.2)
        add_case(f"layerNorm {'x'.join(map(str, shape))}", "layerNorm", {"eps": 1e-5, "axis": -1},
                 {"x": x, "gamma": g, "beta": b},
                 lambda x, gamma, beta: {"y": F.layer_norm(x, (x.shape[-1],), gamma, beta, eps=1e-5)},
                 ["x", "gamma", "beta"])


def reduction_cases():
    x = randn(3, 4, 5)
    for op in ["sum", "mean", "max"]:
        for axis in [0, 1, -1]:
            def fn(x, op=op, axis=axis):
                if op == "sum":
                    return {"y": x.sum(axis)}
                if op == "mean":
                    return {"y": x.mean(axis)}
                return {"y": x.max(axis).values}
            add_case(f"reduce {op} axis {axis} 3x4x5", op, {"axis": axis, "keepDims": False}, {"x": x}, fn, ["x"])


# ----------------------------------------------------------------------------- schedules

def schedule_lr(base, sched, s):
    """The learning rate of optimizer step s (0-based). See src/testdata/README.md."""
    if sched is None:
        return base
    w = sched.get("warmupSteps", 0)
    if s < w:
        return base * (s + 1) / w
    t = s - w
    typ = sched["type"]
    if typ == "constant":
        return base
    if typ == "step":
        return base * sched["gamma"] ** (t // sched["stepSize"])
    if typ == "exponential":
        return base * sched["gamma"] ** t
    if typ == "cosine":
        n = sched["totalSteps"] - w
        return base * 0.5 * (1 + math.cos(math.pi * t / n))
    raise ValueError(typ)


def check_schedules_against_torch():
    """Without warmup our schedules are PyTorch's StepLR / ExponentialLR / CosineAnnealingLR."""
    p = torch.zeros(1, requires_grad=True)
    for sched, mk in [
        ({"type": "step", "stepSize": 2, "gamma": 0.5}, lambda o: torch.optim.lr_scheduler.StepLR(o, 2, 0.5)),
        ({"type": "exponential", "gamma": 0.9}, lambda o: torch.optim.lr_scheduler.ExponentialLR(o, 0.9)),
        ({"type": "cosine", "totalSteps": 7}, lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, 7)),
    ]:
        opt = torch.optim.SGD([p], lr=0.3)
        sch = mk(opt)
        for s in range(7):
            assert abs(opt.param_groups[0]["lr"] - schedule_lr(0.3, sched, s)) < 1e-12, (sched, s)
            opt.step()
            sch.step()


# ----------------------------------------------------------------------------- optim.json

def make_optimizer(spec, params):
    typ, lr = spec["type"], spec["lr"]
    wd = spec.get("weightDecay", 0.0)
    if typ == "sgd":
        return torch.optim.SGD(params, lr=lr, weight_decay=wd)
    if typ == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=spec["momentum"], dampening=0, weight_decay=wd)
    if typ == "nesterov":
        return torch.optim.SGD(params, lr=lr, momentum=spec["momentum"], dampening=0, nesterov=True, weight_decay=wd)
    if typ == "adam":
        return torch.optim.Adam(params, lr=lr, betas=(spec["beta1"], spec["beta2"]), eps=spec["eps"], weight_decay=wd)
    if typ == "adamw":
        return torch.optim.AdamW(params, lr=lr, betas=(spec["beta1"], spec["beta2"]), eps=spec["eps"], weight_decay=wd)
    if typ == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=spec["alpha"], eps=spec["eps"], weight_decay=wd)
    if typ == "adagrad":
        return torch.optim.Adagrad(params, lr=lr, eps=spec["eps"], weight_decay=wd, initial_accumulator_value=0.0)
    raise ValueError(typ)


def optim_case(name, spec, schedule=None, clip=None, steps=5, grad_scale=1.0):
    p0 = [randn(3, 2), randn(4, scale=0.5)]
    scales = grad_scale if isinstance(grad_scale, list) else [grad_scale] * steps
    grads = [[randn(3, 2, scale=sc), randn(4, scale=sc * 0.5)] for sc in scales]
    params = [p.clone().requires_grad_(True) for p in p0]
    opt = make_optimizer(spec, params)
    after, lrs, norms = [], [], []
    for s in range(steps):
        lr = schedule_lr(spec["lr"], schedule, s)
        for g in opt.param_groups:
            g["lr"] = lr
        for p, g in zip(params, grads[s]):
            p.grad = g.clone()
        if clip is not None:
            norms.append(float(torch.nn.utils.clip_grad_norm_(params, clip)))
        opt.step()
        lrs.append(lr)
        after.append([T(p) for p in params])
    case = {
        "name": name,
        "optimizer": spec,
    }
    if schedule is not None:
        case["schedule"] = schedule
    if clip is not None:
        case["clipGradNorm"] = clip
        case["gradNormPerStep"] = [rnd(v) for v in norms]
    case.update({
        "params0": [T(p) for p in p0],
        "gradsPerStep": [[T(g) for g in gs] for gs in grads],
        "paramsAfter": after,
        "lrPerStep": [rnd(v) for v in lrs],
    })
    return case


def optim_cases():
    adam = {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
    cases = [
        optim_case("sgd", {"type": "sgd", "lr": 0.1}),
        optim_case("sgd weightDecay", {"type": "sgd", "lr": 0.1, "weightDecay": 0.1}),
        optim_case("momentum", {"type": "momentum", "lr": 0.1, "momentum": 0.9}),
        optim_case("momentum weightDecay", {"type": "momentum", "lr": 0.1, "momentum": 0.9, "weightDecay": 0.05}),
        optim_case("nesterov", {"type": "nesterov", "lr": 0.1, "momentum": 0.9}),
        optim_case("adam", {"type": "adam", "lr": 0.01, **adam}),
        optim_case("adam weightDecay (coupled L2)", {"type": "adam", "lr": 0.01, **adam, "weightDecay": 0.1}),
        optim_case("adamw", {"type": "adamw", "lr": 0.01, **adam, "weightDecay": 0.01}),
        optim_case("rmsprop", {"type": "rmsprop", "lr": 0.01, "alpha": 0.99, "eps": 1e-8}),
        optim_case("adagrad", {"type": "adagrad", "lr": 0.1, "eps": 1e-10}),
        optim_case("sgd clipGradNorm 1", {"type": "sgd", "lr": 0.1}, clip=1.0, grad_scale=[1.0, 0.2, 0.6, 0.1, 2.0]),
        optim_case("adam clipGradNorm 1", {"type": "adam", "lr": 0.01, **adam}, clip=1.0, grad_scale=[1.0, 0.2, 0.6, 0.1, 2.0]),
    ]
    for sched in [
        {"type": "constant", "totalSteps": 5},
        {"type": "step", "stepSize": 2, "gamma": 0.5, "totalSteps": 5},
        {"type": "exponential", "gamma": 0.9, "totalSteps": 5},
        {"type": "cosine", "totalSteps": 5},
        {"type": "cosine", "warmupSteps": 2, "totalSteps": 5},
        {"type": "constant", "warmupSteps": 2, "totalSteps": 5},
        {"type": "step", "stepSize": 2, "gamma": 0.5, "warmupSteps": 1, "totalSteps": 5},
    ]:
        w = sched.get("warmupSteps", 0)
        label = sched["type"] + (f" warmup{w}" if w else "")
        cases.append(optim_case(f"sgd schedule {label}", {"type": "sgd", "lr": 0.1}, schedule=sched))
    cases.append(optim_case("adamw schedule cosine warmup2",
                            {"type": "adamw", "lr": 0.01, **adam, "weightDecay": 0.01},
                            schedule={"type": "cosine", "warmupSteps": 2, "totalSteps": 5}))
    return cases


# ----------------------------------------------------------------------------- train.json

def train_run(name, model, params, forward, x, labels, opt_spec, steps=5):
    leaves = [(n, p.clone().requires_grad_(True)) for n, p in params]
    opt = make_optimizer(opt_spec, [p for _, p in leaves])
    losses, grads_per_step, params_per_step = [], [], []
    for _ in range(steps):
        opt.zero_grad()
        loss = F.cross_entropy(forward(dict(leaves), x), labels)
        loss.backward()
        losses.append(rnd(loss.item()))
        grads_per_step.append([{"name": n, **T(p.grad)} for n, p in leaves])
        opt.step()
        params_per_step.append([{"name": n, **T(p)} for n, p in leaves])
    with torch.no_grad():
        final_loss = F.cross_entropy(forward(dict(leaves), x), labels).item()
    return {
        "name": name,
        "model": model,
        "loss": "softmaxCrossEntropy",
        "optimizer": opt_spec,
        "data": {"x": T(x), "labels": T(labels, "u32")},
        "params0": [{"name": n, **T(p)} for n, p in params],
        "lossPerStep": losses,
        "gradsPerStep": grads_per_step,
        "paramsAfter": params_per_step,
        "finalParams": params_per_step[-1],
        "finalLoss": rnd(final_loss),
    }


def train_cases():
    # (a) MLP 2-8-2 relu, Adam lr 0.01, full batch of 16 points.
    x = randn(16, 2)
    labels = ((x[:, 0] * x[:, 1]) > 0).long()  # xor-like quadrants
    bound1, bound2 = 1 / math.sqrt(2), 1 / math.sqrt(8)
    params = [
        ("dense0.weight", rand(2, 8, lo=-bound1, hi=bound1)),  # [in, out]
        ("dense0.bias", rand(8, lo=-bound1, hi=bound1)),
        ("dense1.weight", rand(8, 2, lo=-bound2, hi=bound2)),
        ("dense1.bias", rand(2, lo=-bound2, hi=bound2)),
    ]

    def mlp(p, x):
        h = F.relu(x @ p["dense0.weight"] + p["dense0.bias"])
        return h @ p["dense1.weight"] + p["dense1.bias"]

    mlp_model = {"inputShape": [2], "layers": [
        {"type": "dense", "units": 8, "activation": "relu"},
        {"type": "dense", "units": 2}]}
    a = train_run("mlp 2-8-2 relu adam", mlp_model, params, mlp, x, labels,
                  {"type": "adam", "lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8})

    # (b) conv 3x3 (2 filters, valid, relu) on 6x6x1 -> maxPool 2 -> flatten (NHWC order) -> dense 2.
    n = 8
    x = randn(n, 6, 6, 1)
    labels = (x[:, :3, :, 0].mean((1, 2)) > x[:, 3:, :, 0].mean((1, 2))).long()
    bc, bd = 1 / math.sqrt(9), 1 / math.sqrt(8)
    params = [
        ("conv0.filter", rand(3, 3, 1, 2, lo=-bc, hi=bc)),  # [kh, kw, cin, cout]
        ("conv0.bias", rand(2, lo=-bc, hi=bc)),
        ("dense0.weight", rand(8, 2, lo=-bd, hi=bd)),  # [in, out], in = flatten of [2, 2, 2] NHWC
        ("dense0.bias", rand(2, lo=-bd, hi=bd)),
    ]

    def cnn(p, x):
        h, _ = conv2d_nhwc(x, p["conv0.filter"], p["conv0.bias"], [1, 1], "valid", [1, 1])
        h = F.relu(h)
        h, _ = pool_nhwc(h, "max", [2, 2], [2, 2], "valid")
        h = h.reshape(h.shape[0], -1)  # NHWC flatten: (h, w, c) with c fastest
        return h @ p["dense0.weight"] + p["dense0.bias"]

    cnn_model = {"inputShape": [6, 6, 1], "layers": [
        {"type": "conv2d", "filters": 2, "kernelSize": 3, "strides": 1, "padding": "valid", "activation": "relu"},
        {"type": "maxPool2d", "poolSize": 2},
        {"type": "flatten"},
        {"type": "dense", "units": 2}]}
    b = train_run("cnn conv3x3x2-relu-maxpool2-dense2 momentum", cnn_model, params, cnn, x, labels,
                  {"type": "momentum", "lr": 0.05, "momentum": 0.9})
    return [a, b]


# ----------------------------------------------------------------------------- layers.json

# The newer layer types get their own file and their own seed, drawn after everything
# else: ops.json, optim.json and train.json stay byte-identical when cases are added here.
LAYERS_SEED = 20260102


def group_norm_nhwc(x, groups, gamma, beta):
    """x [N, ..., C] channels last -> PyTorch's GroupNorm on [N, C, ...], back to channels last."""
    if x.dim() == 2:
        return F.group_norm(x, groups, gamma, beta, eps=1e-5)
    y = F.group_norm(x.permute(0, 3, 1, 2), groups, gamma, beta, eps=1e-5)
    return y.permute(0, 2, 3, 1)


def global_avg_pool_nhwc(x):
    """[N, H, W, C] -> [N, C] with PyTorch's AdaptiveAvgPool2d(1) then flatten."""
    return F.adaptive_avg_pool2d(x.permute(0, 3, 1, 2), 1).flatten(1)


def layer_op_cases():
    for shape, groups in [((2, 3, 4, 6), 3), ((2, 3, 4, 6), 1), ((3, 2, 5, 4), 4), ((5, 6), 2), ((4, 5), 1)]:
        c = shape[-1]
        x = f32(randn(*shape, scale=1.5) + f32(torch.linspace(-1, 2, c)))
        g, b = f32(1 + randn(c, scale=0.2)), randn(c, scale=0.2)
        add_case(f"groupNorm {'x'.join(map(str, shape))} groups {groups}", "groupNorm", {"groups": groups, "eps": 1e-5},
                 {"x": x, "gamma": g, "beta": b},
                 lambda x, gamma, beta, groups=groups: {"y": group_norm_nhwc(x, groups, gamma, beta)},
                 ["x", "gamma", "beta"])
    for shape in [(2, 3, 5, 4), (1, 1, 1, 3), (3, 7, 2, 1)]:
        x = randn(*shape)
        add_case(f"globalAvgPool2d {'x'.join(map(str, shape))}", "globalAvgPool2d", {},
                 {"x": x}, lambda x: {"y": global_avg_pool_nhwc(x)}, ["x"])


def layer_train_cases():
    # (a) conv 3x3 (4 filters, valid) on 6x6x2 -> groupNorm 2 + relu -> globalAvgPool2d -> dense 2.
    n = 8
    x = randn(n, 6, 6, 2)
    labels = (x[..., 0].mean((1, 2)) > x[..., 1].mean((1, 2))).long()
    bc, bd = 1 / math.sqrt(18), 1 / math.sqrt(4)
    params = [
        ("layer1.filter", rand(3, 3, 2, 4, lo=-bc, hi=bc)),
        ("layer1.bias", rand(4, lo=-bc, hi=bc)),
        ("layer2.gamma", torch.ones(4, dtype=DT)),
        ("layer2.beta", torch.zeros(4, dtype=DT)),
        ("layer4.weight", rand(4, 2, lo=-bd, hi=bd)),
        ("layer4.bias", rand(2, lo=-bd, hi=bd)),
    ]

    def cnn(p, x):
        h, _ = conv2d_nhwc(x, p["layer1.filter"], p["layer1.bias"], [1, 1], "valid", [1, 1])
        h = F.relu(group_norm_nhwc(h, 2, p["layer2.gamma"], p["layer2.beta"]))
        h = global_avg_pool_nhwc(h)
        return h @ p["layer4.weight"] + p["layer4.bias"]

    cnn_model = {"inputShape": [6, 6, 2], "layers": [
        {"type": "conv2d", "filters": 4, "kernelSize": 3, "padding": "valid"},
        {"type": "groupNorm", "groups": 2, "activation": "relu"},
        {"type": "globalAvgPool2d"},
        {"type": "dense", "units": 2}]}
    a = train_run("cnn conv3x3x4-groupNorm2-relu-globalAvgPool-dense2 adam", cnn_model, params, cnn, x, labels,
                  {"type": "adam", "lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8})

    # (b) dense 2->8 -> groupNorm 4 on vectors + tanh -> dense 2.
    x = randn(12, 2)
    labels = ((x[:, 0] * x[:, 1]) > 0).long()
    b1, b2 = 1 / math.sqrt(2), 1 / math.sqrt(8)
    params = [
        ("layer1.weight", rand(2, 8, lo=-b1, hi=b1)),
        ("layer1.bias", rand(8, lo=-b1, hi=b1)),
        ("layer2.gamma", torch.ones(8, dtype=DT)),
        ("layer2.beta", torch.zeros(8, dtype=DT)),
        ("layer3.weight", rand(8, 2, lo=-b2, hi=b2)),
        ("layer3.bias", rand(2, lo=-b2, hi=b2)),
    ]

    def mlp(p, x):
        h = x @ p["layer1.weight"] + p["layer1.bias"]
        h = torch.tanh(group_norm_nhwc(h, 4, p["layer2.gamma"], p["layer2.beta"]))
        return h @ p["layer3.weight"] + p["layer3.bias"]

    mlp_model = {"inputShape": [2], "layers": [
        {"type": "dense", "units": 8},
        {"type": "groupNorm", "groups": 4, "activation": "tanh"},
        {"type": "dense", "units": 2}]}
    b = train_run("mlp dense8-groupNorm4-tanh-dense2 momentum", mlp_model, params, mlp, x, labels,
                  {"type": "momentum", "lr": 0.1, "momentum": 0.9})
    return [a, b]


# ----------------------------------------------------------------------------- main

def write(name, obj):
    path = os.path.join(OUT_DIR, name)
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print(f"wrote {os.path.relpath(path, ROOT)} ({os.path.getsize(path)} bytes)")


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    gemm_cases()
    activation_cases()
    softmax_loss_cases()
    conv_cases()
    pool_cases()
    norm_cases()
    reduction_cases()
    write("ops.json", CASES)
    check_schedules_against_torch()
    write("optim.json", optim_cases())
    write("train.json", train_cases())
    GEN.manual_seed(LAYERS_SEED)
    CASES.clear()
    layer_op_cases()
    write("layers.json", {"ops": CASES, "train": layer_train_cases()})


if __name__ == "__main__":
    sys.exit(main())
