#!/usr/bin/env python3
# {{TITLE}}
#
# A standalone PyTorch project exported by the WebGPU training playground. It needs nothing
# but torch (it reads and writes safetensors itself). Next to it: initial.safetensors (the
# weights before the first step), weights.safetensors (the trained weights), data/.
#
#   python3 train.py                     train as the playground did (from initial.safetensors)
#   python3 train.py --epochs 5 --save mine.safetensors
#   python3 train.py --evaluate          test metrics of weights.safetensors (last line: JSON)
#   python3 train.py --replay-steps 20   the run's first 20 steps, batch for batch
#   torchrun --nproc_per_node=K train.py ...   DistributedDataParallel, K ranks
#
# Importable: build_model(), load_weights(model, path), load_data().
#
# Layouts. The model takes images as [N, C, H, W] (PyTorch's order); before each flatten it
# permutes to the playground's [N, H, W, C], so every tensor maps one to one onto the
# playground's names (TENSORS below). The only transposes: dense weights are [in, out] in
# the playground and [out, in] in nn.Linear; convolution filters are [kh, kw, in, out] (HWIO)
# there and [out, in, kh, kw] here; depthwise filters [kh, kw, C, m] become [C*m, 1, kh, kw].
import argparse
import gzip
import json
import math
import os
import struct
import sys

import torch
import torch.nn.functional as F
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))

CONFIG = json.loads(r"""
{{CONFIG}}
""")
EXPERIMENT = CONFIG["experiment"]
SEED = EXPERIMENT["seed"]


# ---- seeded randomness: ports of src/engine/random.ts (bit for bit) --------------------

M32 = 0xFFFFFFFF


def hash32(x):
    """PCG-style 32-bit hash (random.ts hash32)."""
    state = ((x & M32) * 747796405 + 2891336453) & M32
    word = (((state >> ((state >> 28) + 4)) ^ state) * 277803737) & M32
    return ((word >> 22) ^ word) & M32


def hash_u32(seed, stream, index):
    return hash32((hash32((hash32(seed & M32) ^ (stream & M32))) ^ (index & M32)))


def hash32_tensor(x):
    """hash32 over an int64 tensor of u32 values (products stay below 2**63)."""
    state = (x * 747796405 + 2891336453) & M32
    word = (((state >> ((state >> 28) + 4)) ^ state) * 277803737) & M32
    return ((word >> 22) ^ word) & M32


def hash_uniform_tensor(seed, stream, index):
    """hashUniform(seed, stream, i) for an int64 tensor of indices: uniform in [0, 1), 24 bits."""
    base = hash32(hash32(seed & M32) ^ (stream & M32))
    return (hash32_tensor((index & M32) ^ base) >> 8).double() / 16777216.0


class Rng:
    """The playground's sequential generator (sfc32), for shuffles and splits."""

    def __init__(self, seed):
        self.a = hash32((seed & M32) ^ 0x9E3779B9)
        self.b = hash32(self.a ^ 0x85EBCA6B)
        self.c = hash32(self.b ^ 0xC2B2AE35)
        self.d = 1
        for _ in range(12):
            self.next_u32()

    @staticmethod
    def derive(seed, stream):
        return Rng(hash_u32(seed, 0x5EED, stream))

    def next_u32(self):
        t = (self.a + self.b + self.d) & M32
        self.d = (self.d + 1) & M32
        self.a = self.b ^ (self.b >> 9)
        self.b = (self.c + (self.c << 3)) & M32
        self.c = ((self.c << 21) | (self.c >> 11)) & M32
        self.c = (self.c + t) & M32
        return t

    def uniform(self):
        return self.next_u32() / 4294967296.0

    def int(self, n):
        return math.floor(self.uniform() * n)

    def permutation(self, n):
        p = list(range(n))
        for i in range(n - 1, 0, -1):
            j = self.int(i + 1)
            p[i], p[j] = p[j], p[i]
        return p


SPLIT_STREAM = 0xDA7A0002
EPOCH_STREAM = 0xDA7A0003


def epoch_permutation(seed, epoch, n):
    """The sample order of one epoch (src/data/batching.ts)."""
    return Rng(hash_u32(seed, EPOCH_STREAM, epoch)).permutation(n)


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


# ---- safetensors (8-byte header length, JSON header, raw little-endian F32) -------------

def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    body = raw[8 + n:]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise ValueError(f"{path}: tensor {name} is {info['dtype']}; only F32 is read")
        begin, end = info["data_offsets"]
        values = torch.frombuffer(bytearray(body[begin:end]), dtype=torch.float32) if end > begin else torch.zeros(0)
        tensors[name] = values.reshape(info["shape"]).clone()
    return tensors, header.get("__metadata__", {})


def write_safetensors(path, tensors, metadata=None):
    header = {"__metadata__": dict(metadata)} if metadata else {}
    chunks, offset = [], 0
    for name, t in tensors.items():
        data = _f32_bytes(t)
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":"))
    text += " " * ((8 - (8 + len(text.encode("utf-8"))) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text.encode("utf-8"))))
        f.write(text.encode("utf-8"))
        for c in chunks:
            f.write(c)


def _f32_bytes(t):
    flat = t.detach().to(torch.float32).contiguous().cpu().reshape(-1)
    return struct.pack(f"<{flat.numel()}f", *flat.tolist())


# ---- layers with the playground's exact semantics ---------------------------------------

class StepContext:
    """Set by the training loop so dropout draws the run's masks: the optimizer step (0-based)
    and this process's first row in the global batch. step None: plain torch dropout."""
    step = None
    row_offset = 0


def tf_same_padding(size, kernel, stride, dilation):
    """TensorFlow's 'same': out = ceil(in / stride), the smaller half of the padding first."""
    out = -(-size // stride)
    total = max((out - 1) * stride + (kernel - 1) * dilation + 1 - size, 0)
    return total // 2, total - total // 2


class Conv2d(nn.Conv2d):
    """nn.Conv2d with the playground's 'same' padding (asymmetric when it must be)."""

    def __init__(self, *args, same=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.same = same

    def forward(self, x):
        if self.same:
            (kh, kw), (sh, sw), (dh, dw) = self.kernel_size, self.stride, self.dilation
            top, bottom = tf_same_padding(x.shape[2], kh, sh, dh)
            left, right = tf_same_padding(x.shape[3], kw, sw, dw)
            x = F.pad(x, (left, right, top, bottom))
        return super().forward(x)


class Pool2d(nn.Module):
    """Max or average pooling; with 'same', padded cells are never the max and are not
    counted by the average (as TensorFlow)."""

    def __init__(self, kind, size, strides, same):
        super().__init__()
        self.kind, self.size, self.strides, self.same = kind, size, strides, same

    def forward(self, x):
        if self.same:
            top, bottom = tf_same_padding(x.shape[2], self.size[0], self.strides[0], 1)
            left, right = tf_same_padding(x.shape[3], self.size[1], self.strides[1], 1)
            pad = (left, right, top, bottom)
            if self.kind == "max":
                return F.max_pool2d(F.pad(x, pad, value=-math.inf), self.size, self.strides)
            total = F.avg_pool2d(F.pad(x, pad), self.size, self.strides, divisor_override=1)
            count = F.avg_pool2d(F.pad(torch.ones_like(x[:1, :1]), pad), self.size, self.strides, divisor_override=1)
            return total / count
        pool = F.max_pool2d if self.kind == "max" else F.avg_pool2d
        return pool(x, self.size, self.strides)


def to_channels_last(x):
    return x.permute(0, 2, 3, 1) if x.dim() == 4 else x


def to_channels_first(x):
    return x.permute(0, 3, 1, 2) if x.dim() == 4 else x


class NhwcFlatten(nn.Module):
    """Flatten in the playground's order: [N, C, H, W] -> [N, H, W, C] -> [N, H*W*C]."""

    def forward(self, x):
        return to_channels_last(x).reshape(x.shape[0], -1)


class Reshape(nn.Module):
    """The same values in the playground's memory order (NHWC) under a new shape."""

    def __init__(self, shape):
        super().__init__()
        self.shape = list(shape)

    def forward(self, x):
        y = to_channels_last(x).reshape([x.shape[0]] + self.shape)
        return to_channels_first(y)


class ChannelsLast(nn.Module):
    """Applies `inner` over the last axis of the playground's layout (channels of images)."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x):
        return to_channels_first(self.inner(to_channels_last(x)))


class GlobalAvgPool2d(nn.Module):
    def forward(self, x):
        return x.mean(dim=(2, 3))


class SeededDropout(nn.Module):
    """Inverted dropout. Inside the training loop it draws the playground's mask: element i
    (in NHWC order over the whole global batch) of layer l at step s is kept when
    hashUniform(hashU32(seed, 0xd80, l), s, i) >= rate, and scaled by 1 / (1 - rate)."""

    def __init__(self, rate, layer_index):
        super().__init__()
        self.rate, self.layer_index = rate, layer_index

    def forward(self, x):
        if not self.training or self.rate == 0:
            return x
        if StepContext.step is None:
            return F.dropout(x, self.rate, True)
        nhwc = to_channels_last(x)
        per_sample = nhwc[0].numel()
        first = StepContext.row_offset * per_sample
        index = torch.arange(first, first + nhwc.numel(), dtype=torch.int64)
        u = hash_uniform_tensor(hash_u32(SEED, 0xD80, self.layer_index), StepContext.step, index)
        keep = (u >= f32(self.rate)).reshape(nhwc.shape)
        mask = keep.to(torch.float32) * f32(1.0 / (1.0 - self.rate))
        return x * to_channels_first(mask).to(x.device)


class Layer(nn.Module):
    """One playground layer: its module, then its activation."""

    def __init__(self, core, act=None):
        super().__init__()
        self.core = core
        self.act = act if act is not None else nn.Identity()

    def forward(self, x):
        return self.act(self.core(x))


class Model(nn.Module):
    def __init__(self, layers):
        super().__init__()
        self.layers = nn.ModuleList(layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


# ---- the model (generated from the experiment) ------------------------------------------

{{MODEL}}


# ---- weights in the playground's names and layouts --------------------------------------

def to_torch(layout, t):
    if layout == "dense":
        return t.t()
    if layout == "hwio":
        return t.permute(3, 2, 0, 1)
    if layout == "depthwise":
        kh, kw, c, m = t.shape
        return t.reshape(kh, kw, c * m).permute(2, 0, 1).unsqueeze(1)
    return t


def from_torch(layout, t, shape):
    if layout == "dense":
        return t.t()
    if layout == "hwio":
        return t.permute(2, 3, 1, 0)
    if layout == "depthwise":
        kh, kw, c, m = shape
        return t.squeeze(1).permute(1, 2, 0).reshape(kh, kw, c, m)
    return t


def unwrap(model):
    return model.module if hasattr(model, "module") else model


def load_weights(model, path, quiet=False):
    """Loads a playground safetensors file (ours, or one train.py --save wrote) into the
    model. Returns {"matched": [...], "missing": [...], "shape": [...], "unused": [...]}."""
    tensors, _ = read_safetensors(path)
    target = unwrap(model).state_dict()
    report = {"matched": [], "missing": [], "shape": [], "unused": sorted(set(tensors) - set(TENSORS))}
    with torch.no_grad():
        for ours, (path_in_model, layout) in TENSORS.items():
            if ours not in tensors:
                report["missing"].append(ours)
                continue
            value = to_torch(layout, tensors[ours])
            if list(value.shape) != list(target[path_in_model].shape):
                report["shape"].append(f"{ours}: file {list(tensors[ours].shape)}, model {list(OUR_SHAPES[ours])}")
                continue
            target[path_in_model].copy_(value)
            report["matched"].append(ours)
    if not quiet:
        print(f"load_weights({os.path.basename(path)}): {len(report['matched'])} of {len(TENSORS)} tensors matched"
              + "".join(f"; {k}: {', '.join(v)}" for k, v in report.items() if k != "matched" and v), file=sys.stderr)
    return report


def save_weights(model, path):
    """Writes the model's weights in the playground's names and layouts (loads into the page)."""
    state = unwrap(model).state_dict()
    out = {ours: from_torch(layout, state[p], OUR_SHAPES[ours]) for ours, (p, layout) in TENSORS.items()}
    write_safetensors(path, out, {"seed": str(SEED), "dataset": EXPERIMENT["data"]["dataset"], "source": "train.py"})


# ---- data: the run's split, normalisation and row order ---------------------------------

def read_idx(path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    if raw[2] != 0x08:
        raise ValueError(f"{path}: only unsigned-byte IDX files are read")
    dims = struct.unpack(f">{raw[3]}I", raw[4:4 + 4 * raw[3]])
    data = torch.frombuffer(bytearray(raw[4 + 4 * raw[3]:]), dtype=torch.uint8)
    return data.reshape(dims)


def read_table(path):
    """A CSV of numbers with a header line (data/points.csv, data/table.csv)."""
    with open(path, encoding="utf-8") as f:
        lines = [line.strip() for line in f if line.strip()]
    rows = [[float(v) for v in line.split(",")] for line in lines[1:]]
    return torch.tensor(rows, dtype=torch.float64).reshape(len(rows), len(lines[0].split(",")))


def raw_datasets():
    """(x, y) before the split: x float32 [n, ...] (NHWC for images), y float64 [n, k]."""
    d = CONFIG["data"]
    files = {name: os.path.join(HERE, "data", file) for name, file in d["files"].items()}
    if d["kind"] == "images":
        def pair(images, labels):
            x = read_idx(files[images]).to(torch.float32)
            x = x.reshape(x.shape[0], x.shape[1], x.shape[2], -1)
            return x, read_idx(files[labels]).to(torch.float64).reshape(-1, 1)
        if "testImages" in files:
            return pair("trainImages", "trainLabels"), pair("testImages", "testLabels")
        return pair("images", "labels"), None
    table = read_table(files["table"])
    k = d["targetColumns"]
    return (table[:, :-k].to(torch.float32), table[:, -k:]), None


def split_rows(n):
    """(train rows, test rows) in the run's order, validation rows left out (src/data/split.ts)."""
    d = EXPERIMENT["data"]
    order = Rng.derive(SEED, SPLIT_STREAM).permutation(n)
    n_train = round_half_up(n * d.get("trainFraction", 0.8))
    return hold_out_validation(order[:n_train]), order[n_train:]


def hold_out_validation(train_part):
    n_validation = round_half_up(len(train_part) * (EXPERIMENT["data"].get("validationFraction") or 0))
    return train_part[:len(train_part) - n_validation]


def round_half_up(x):
    return math.floor(x + 0.5)  # JavaScript's Math.round


def normalise(x):
    """(x - offset) / divisor in float64, stored as float32, with the run's statistics."""
    stats = CONFIG["normalization"]
    if stats["method"] == "none":
        return x
    shape = x.shape
    flat = x.reshape(shape[0], -1).double()
    if len(stats["offset"]) == 1:
        flat = (flat - stats["offset"][0]) / stats["divisor"][0]
    else:
        flat = (flat - torch.tensor(stats["offset"], dtype=torch.float64)) / torch.tensor(stats["divisor"], dtype=torch.float64)
    return flat.to(torch.float32).reshape(shape)


FEATURES = {
    "x1": lambda a, b: a, "x2": lambda a, b: b, "x1Squared": lambda a, b: a * a, "x2Squared": lambda a, b: b * b,
    "x1TimesX2": lambda a, b: a * b, "sinX1": lambda a, b: torch.sin(a), "sinX2": lambda a, b: torch.sin(b),
}


def with_features(x):
    names = CONFIG["data"].get("features")
    if not names:
        return x
    a, b = x[:, 0].double(), x[:, 1].double()
    return torch.stack([FEATURES[name](a, b) for name in names], dim=1).to(torch.float32)


def load_data():
    """(train_x, train_y, test_x, test_y) as the run used them: images [N, 1, 28, 28] (any
    [N, C, H, W]), rows [N, F]; y int64 [N] for softmaxCrossEntropy, else float32 [N, k]."""
    (x, y), official_test = raw_datasets()
    if official_test is None:
        train_rows, test_rows = split_rows(x.shape[0])
        train, test = (x[train_rows], y[train_rows]), (x[test_rows], y[test_rows])
    else:
        rows = list(range(x.shape[0]))
        if EXPERIMENT["data"].get("validationFraction", 0):
            rows = hold_out_validation(Rng.derive(SEED, SPLIT_STREAM).permutation(x.shape[0]))
        train, test = (x[rows], y[rows]), official_test
    out = []
    for xs, ys in (train, test):
        xs = normalise(xs)
        xs = to_channels_first(xs) if xs.dim() == 4 else with_features(xs)
        ys = ys.reshape(-1).to(torch.int64) if EXPERIMENT["loss"] == "softmaxCrossEntropy" else ys.to(torch.float32)
        out += [xs.contiguous(), ys.contiguous()]
    return tuple(out)


# ---- augmentation: port of src/data/augment.ts (the same draws) ------------------------

def augment_stream(step, purpose):
    return hash32(hash32(step) ^ purpose)


def augment(x, step, row_offset):
    """Shift, flip and noise of a batch [B, C, H, W] at optimizer step `step`; row b of this
    process is row row_offset + b of the global batch (its draws use that index)."""
    opts = EXPERIMENT["data"].get("augment") or {}
    shift, flip, noise = max(0, math.floor(opts.get("shift", 0))), bool(opts.get("flip", False)), opts.get("noise", 0)
    if x.dim() != 4 or not (shift > 0 or flip or noise > 0):
        return x  # only images are augmented
    nhwc = to_channels_last(x)
    b, h, w, c = nhwc.shape
    rows = torch.arange(row_offset, row_offset + b, dtype=torch.int64)
    u = lambda purpose, index: hash_uniform_tensor(SEED, augment_stream(step, purpose), index)
    out = torch.zeros_like(nhwc)
    dy = (torch.floor(u(1, rows) * (2 * shift + 1)) - shift).long() if shift > 0 else torch.zeros(b, dtype=torch.int64)
    dx = (torch.floor(u(2, rows) * (2 * shift + 1)) - shift).long() if shift > 0 else torch.zeros(b, dtype=torch.int64)
    flips = (u(3, rows) < 0.5) if flip else torch.zeros(b, dtype=torch.bool)
    for r in range(b):
        sy = torch.arange(h) - dy[r]
        sx_shifted = torch.arange(w) - dx[r]
        sx = (w - 1 - sx_shifted) if flips[r] else sx_shifted
        inside = ((sy >= 0) & (sy < h))[:, None] & ((sx_shifted >= 0) & (sx_shifted < w))[None, :]
        src = nhwc[r][sy.clamp(0, h - 1)][:, sx.clamp(0, w - 1)]
        out[r] = torch.where(inside[:, :, None], src, torch.zeros(()))
    if noise > 0:
        size = h * w * c
        index = torch.arange(row_offset * size, (row_offset + b) * size, dtype=torch.int64)
        u1 = 1 - u(4, index)
        u2 = u(5, index)
        gauss = noise * torch.sqrt(-2 * torch.log(u1)) * torch.cos(2 * math.pi * u2)
        out = (out.double() + gauss.reshape(out.shape)).to(torch.float32)
    return to_channels_first(out)


# ---- loss, optimizer, schedule: the experiment's ----------------------------------------

def loss_fn(out, y):
    name = EXPERIMENT["loss"]
    if name == "softmaxCrossEntropy":
        return F.cross_entropy(out, y)
    if name == "binaryCrossEntropy":
        return F.binary_cross_entropy_with_logits(out, y)
    if name == "mse":
        return F.mse_loss(out, y)
    return F.huber_loss(out, y, delta=EXPERIMENT.get("huberDelta", 1.0))


def make_optimizer(params):
    o = EXPERIMENT["optimizer"]
    kind, lr, wd = o["type"], o["lr"], o.get("weightDecay", 0)
    if kind == "sgd":
        return torch.optim.SGD(params, lr=lr, weight_decay=wd)
    if kind in ("momentum", "nesterov"):
        return torch.optim.SGD(params, lr=lr, momentum=o.get("momentum", 0.9), weight_decay=wd, nesterov=kind == "nesterov")
    if kind in ("adam", "adamw"):
        cls = torch.optim.Adam if kind == "adam" else torch.optim.AdamW
        return cls(params, lr=lr, betas=(o.get("beta1", 0.9), o.get("beta2", 0.999)), eps=o.get("eps", 1e-8), weight_decay=wd)
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=o.get("beta2", 0.99), eps=o.get("eps", 1e-8), weight_decay=wd)
    if kind == "adagrad":
        return torch.optim.Adagrad(params, lr=lr, eps=o.get("eps", 1e-10), weight_decay=wd)
    raise ValueError(f"optimizer {kind} has no PyTorch form here")


def learning_rate_at(step, total_steps):
    """src/train/schedule.ts: warmup ramps linearly, then the schedule (step is 0-based)."""
    s, base = EXPERIMENT["schedule"], EXPERIMENT["optimizer"]["lr"]
    warmup = s.get("warmupSteps", 0) or 0
    if step < warmup:
        return base * (step + 1) / warmup
    t = step - warmup
    if s["type"] == "step":
        return base * s.get("gamma", 0.1) ** math.floor(t / s.get("stepSize", 1000))
    if s["type"] == "exponential":
        return base * s.get("gamma", 0.999) ** t
    if s["type"] == "cosine":
        span = max(1, total_steps - warmup)
        return base * 0.5 * (1 + math.cos(math.pi * min(t, span) / span))
    return base


# ---- training, evaluation, the command line ---------------------------------------------

def default_device():
    """This process's GPU (LOCAL_RANK under torchrun) when CUDA is present, else the CPU."""
    if torch.cuda.is_available():
        return torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
    return torch.device("cpu")


def device_of(model):
    return next(model.parameters()).device


def world():
    """(rank, size) under torchrun, (0, 1) otherwise."""
    if "WORLD_SIZE" in os.environ and int(os.environ["WORLD_SIZE"]) > 1:
        return torch.distributed.get_rank(), torch.distributed.get_world_size()
    return 0, 1


def train(model, train_x, train_y, epochs, max_steps=None, on_step=None):
    """The playground's loop: batch b of epoch e is rows order[b*B:(b+1)*B] of
    epoch_permutation(seed, e); the last partial batch is dropped. Under K ranks each takes
    B/K consecutive rows of the global batch and DDP averages the gradients."""
    rank, size = world()
    t = EXPERIMENT["training"]
    batch = min(t["batchSize"], train_x.shape[0])
    if batch % size:
        raise SystemExit(f"training.batchSize {batch} does not divide into {size} processes; choose a batch size or --nproc_per_node that divides it")
    local = batch // size
    steps_per_epoch = max(1, train_x.shape[0] // batch)
    total = steps_per_epoch * epochs
    o = EXPERIMENT["optimizer"]
    l1, l2, clip = o.get("l1", 0) or 0, o.get("l2", 0) or 0, t.get("clipGradNorm")
    params = [p for p in model.parameters() if p.requires_grad]
    device = device_of(model)
    opt = make_optimizer(params)
    model.train()
    order, order_epoch = None, -1
    for index in range(total if max_steps is None else min(total, max_steps)):
        epoch = index // steps_per_epoch
        if epoch != order_epoch:
            order, order_epoch = torch.tensor(epoch_permutation(SEED, epoch, train_x.shape[0]), dtype=torch.int64), epoch
        start = (index % steps_per_epoch) * batch + rank * local
        rows = order[start:start + local]
        StepContext.step, StepContext.row_offset = index, rank * local
        # Batches are gathered and augmented on the CPU, then moved to the model's device.
        x = augment(train_x[rows], index, rank * local).to(device)
        loss = loss_fn(model(x), train_y[rows].to(device))
        opt.zero_grad()
        loss.backward()
        if clip:
            torch.nn.utils.clip_grad_norm_(params, clip)
        if l1 or l2:
            with torch.no_grad():
                for p in params:
                    p.grad.add_(l1 * torch.sign(p) + 2 * l2 * p)
        for group in opt.param_groups:
            group["lr"] = learning_rate_at(index, total)
        opt.step()
        if on_step:
            value = loss.detach().clone()
            if size > 1:
                torch.distributed.all_reduce(value)
                value /= size
            on_step(index + 1, value.item())
    StepContext.step = None
    return model


def evaluate(model, test_x, test_y):
    """Test loss and accuracy (or MSE) as the playground's evaluation computes them."""
    model.eval()
    loss_sum, correct, mse_sum, n = 0.0, 0, 0.0, test_x.shape[0]
    device = device_of(model)
    with torch.no_grad():
        for start in range(0, n, 1024):
            x, y = test_x[start:start + 1024].to(device), test_y[start:start + 1024].to(device)
            out = model(x)
            loss_sum += loss_fn(out, y).item() * x.shape[0]
            if CONFIG["task"] == "classification":
                labels = y if y.dtype == torch.int64 else y.reshape(-1).long()
                predicted = (out.reshape(-1) > 0).long() if out.shape[1] == 1 else out.argmax(dim=1)
                correct += int((predicted == labels).sum())
            else:
                mse_sum += F.mse_loss(out, y).item() * x.shape[0]
    if CONFIG["task"] == "classification":
        return {"testLoss": loss_sum / n, "testAccuracy": correct / n}
    return {"testLoss": loss_sum / n, "testMse": mse_sum / n}


def main():
    parser = argparse.ArgumentParser(description=__doc__ or "Train the exported experiment.")
    parser.add_argument("--epochs", type=int, default=EXPERIMENT["training"]["epochs"], help="epochs to train (default: the experiment's)")
    parser.add_argument("--save", metavar="PATH", help="write the trained weights (playground names and layouts)")
    parser.add_argument("--evaluate", action="store_true", help="test metrics of weights.safetensors (last line JSON)")
    parser.add_argument("--replay-steps", type=int, metavar="N", help="the run's first N steps from initial.safetensors; prints each loss")
    parser.add_argument("--weights", default=os.path.join(HERE, "weights.safetensors"), help="weights for --evaluate")
    parser.add_argument("--init", default=os.path.join(HERE, "initial.safetensors"), help="weights to start training from")
    parser.add_argument("--device", help="cpu, cuda, cuda:1 ... (default: this process's GPU when CUDA is present, else the CPU)")
    args = parser.parse_args()

    distributed = int(os.environ.get("WORLD_SIZE", "1")) > 1
    device = torch.device(args.device) if args.device else default_device()
    if device.type == "cuda":
        torch.cuda.set_device(device)
    if distributed:
        torch.distributed.init_process_group("nccl" if device.type == "cuda" else "gloo")
    rank, _ = world()
    torch.manual_seed(SEED)
    train_x, train_y, test_x, test_y = load_data()
    model = build_model().to(device)
    if args.evaluate:
        load_weights(model, args.weights)
        print(json.dumps(evaluate(model, test_x, test_y)))
        return
    if os.path.exists(args.init):
        load_weights(model, args.init, quiet=rank != 0)
    if distributed:
        model = nn.parallel.DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)
    if args.replay_steps is not None:
        report = (lambda k, loss: print(json.dumps({"step": k, "loss": loss}), flush=True)) if rank == 0 else (lambda k, loss: None)
        train(model, train_x, train_y, args.epochs, max_steps=args.replay_steps, on_step=report)
        return
    train(model, train_x, train_y, args.epochs)
    if args.save and rank == 0:
        save_weights(model, args.save)
    if rank == 0:
        print(json.dumps(evaluate(unwrap(model), test_x, test_y)))
    if distributed:
        torch.distributed.destroy_process_group()


if __name__ == "__main__":
    main()
